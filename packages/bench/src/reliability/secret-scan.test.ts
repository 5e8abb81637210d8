import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leakCount, scanForSecrets } from './secret-scan.js';

const sentinels = { apiKey: 'sk-weft-sentinel-00ff', token: 'weft-token-abcd' };

describe('scanForSecrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weft-scan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing in clean files and texts', () => {
    writeFileSync(join(dir, 'weft.db'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(dir, 'run.log'), '{"level":"debug","msg":"sent","apiKey":"[redacted]"}\n');
    expect(scanForSecrets([dir], ['an error without secrets'], sentinels)).toEqual([]);
  });

  it('finds the API key in a nested log file and counts each occurrence', () => {
    mkdirSync(join(dir, 'logs'));
    const file = join(dir, 'logs', 'run.log');
    writeFileSync(file, `Bearer ${sentinels.apiKey}\nagain ${sentinels.apiKey}\n`);
    const hits = scanForSecrets([dir], [], sentinels);
    expect(hits).toEqual([{ where: file, sentinel: 'apiKey', count: 2 }]);
    expect(leakCount(hits)).toBe(2);
  });

  it('finds the token inside binary bytes of a SQLite -wal file', () => {
    const wal = join(dir, 'weft.db-wal');
    writeFileSync(
      wal,
      Buffer.concat([
        Buffer.from([0x37, 0x7f, 0x06, 0x82, 0]),
        Buffer.from(sentinels.token),
        Buffer.from([0, 0xff]),
      ]),
    );
    expect(scanForSecrets([dir], [], sentinels)).toEqual([
      { where: wal, sentinel: 'token', count: 1 },
    ]);
  });

  it('finds a sentinel in an observed error message', () => {
    const hits = scanForSecrets([], ['ok', `401: key ${sentinels.apiKey} refused`], sentinels);
    expect(hits).toEqual([{ where: 'observed text #1', sentinel: 'apiKey', count: 1 }]);
  });

  it('treats a missing directory as empty', () => {
    expect(scanForSecrets([join(dir, 'gone')], [], sentinels)).toEqual([]);
  });
});
