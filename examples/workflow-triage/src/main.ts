import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '@weft/local-server';
import { runTriage, triageScript } from './triage.js';

const server = await startLocalServer({ port: 0, script: triageScript });
const dir = mkdtempSync(join(tmpdir(), 'weft-triage-'));
try {
  const request = process.argv[2] ?? 'I want my money back for order A-42';
  const result = await runTriage({
    baseURL: server.baseURL,
    dbPath: join(dir, 'weft.db'),
    request,
    approve: true,
    write: (text) => process.stdout.write(text),
  });
  process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
} catch (error) {
  process.stderr.write(
    `The workflow failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
