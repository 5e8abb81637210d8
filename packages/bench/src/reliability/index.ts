/**
 * The reliability suite: `./dev reliability [--full] [--seed N] [--only <part>[,<part>…]]`. Runs every part
 * (crash cycles, faults × strategies, conflicts, fuzz) in a work dir of its own, scans everything
 * they produced for the sentinel secrets and writes `results/reliability.json` (quick runs:
 * `results/quick/reliability.json`). Exits 1 when a must fails or a part throws.
 *
 * Started as `node dist/reliability.js --child <name> <arg>`, it runs that child entry point instead.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReliabilityArgs } from './args.js';
import { childMains } from './children.js';
import { reliabilityParts } from './parts.js';
import {
  buildReliabilityReport,
  readReliabilityReport,
  reliabilityTable,
  writeReliabilityReport,
} from './report.js';
import { runPart, type PartOutcome } from './run-part.js';

export type {
  ReliabilityContext,
  ReliabilityFigures,
  ReliabilityPart,
  Sentinels,
} from './contract.js';

async function main(argv: readonly string[]): Promise<void> {
  const args = parseReliabilityArgs(argv);
  const log = (message: string): void => void process.stdout.write(`${message}\n`);
  const wanted = args.only?.split(',').filter((name) => name !== '');
  const unknown = wanted?.filter((name) => !reliabilityParts.some((p) => p.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `no reliability part named ${unknown.join(', ')} (parts: ${reliabilityParts.map((p) => p.name).join(', ')})`,
    );
  }
  const parts =
    wanted === undefined
      ? reliabilityParts
      : reliabilityParts.filter((p) => wanted.includes(p.name));
  log(
    `reliability suite: ${args.full ? 'full' : 'quick'}, seed ${args.seed}${args.seedGiven ? '' : ' (random; repeat with --seed)'}`,
  );
  const root = mkdtempSync(join(tmpdir(), 'weft-reliability-'));
  const outcomes: PartOutcome[] = [];
  try {
    for (const part of parts) {
      log(`part ${part.name}`);
      outcomes.push(await runPart(part, { full: args.full, seed: args.seed, root, log }));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // Full runs update the published figures (parts not run now keep theirs); quick runs go to quick/.
  const dir = new URL(args.full ? 'results/' : 'results/quick/', benchPackageRoot());
  const previous = args.full && args.only !== undefined ? readReliabilityReport(dir) : undefined;
  const report = buildReliabilityReport(outcomes, args.seed, args.full, previous);
  writeReliabilityReport(dir, report);
  process.stdout.write(`\n${reliabilityTable(report)}`);
  if (!report.passed) process.exitCode = 1;
}

/** The bench package's directory, from `src/reliability/` (tsx, tests) and `dist/` alike. */
function benchPackageRoot(): URL {
  let dir = new URL('./', import.meta.url);
  while (!existsSync(new URL('package.json', dir))) {
    const parent = new URL('../', dir);
    if (parent.href === dir.href)
      throw new Error('the bench package.json was not found above the suite');
    dir = parent;
  }
  return dir;
}

async function child(name: string | undefined, arg: string): Promise<void> {
  const entry = name === undefined ? undefined : childMains[name];
  if (entry === undefined) {
    throw new Error(
      `no reliability child named ${String(name)} (children: ${Object.keys(childMains).join(', ')})`,
    );
  }
  await entry(arg);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const argv = process.argv.slice(2);
  const task = argv[0] === '--child' ? child(argv[1], argv[2] ?? '') : main(argv);
  task.then(
    // Servers and child processes are closed; exit even if a library left a timer behind.
    () => process.exit(),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
