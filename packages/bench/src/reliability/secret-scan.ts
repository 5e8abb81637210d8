import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Sentinels } from './contract.js';

/** One place a sentinel was found. */
export interface SecretHit {
  /** A file path, or `observed text #n`. */
  readonly where: string;
  readonly sentinel: 'apiKey' | 'token';
  readonly count: number;
}

/** Counts non-overlapping occurrences of `needle` in `haystack`. */
function countIn(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    count++;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return count;
}

/** Every regular file under `dir`, depth first; a missing dir has none. */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() || statSync(path, { throwIfNoEntry: false })?.isFile() === true
      ? [path]
      : [];
  });
}

function scanBuffer(where: string, bytes: Buffer, sentinels: Sentinels, hits: SecretHit[]): void {
  for (const sentinel of ['apiKey', 'token'] as const) {
    const count = countIn(bytes, Buffer.from(sentinels[sentinel], 'utf8'));
    if (count > 0) hits.push({ where, sentinel, count });
  }
}

/**
 * Searches every file under `dirs` (as bytes, so SQLite databases and their `-wal` files count)
 * and every observed text for either sentinel.
 */
export function scanForSecrets(
  dirs: readonly string[],
  texts: readonly string[],
  sentinels: Sentinels,
): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // removed between listing and reading (a -wal after checkpoint)
      }
      scanBuffer(file, bytes, sentinels, hits);
    }
  }
  texts.forEach((text, i) =>
    scanBuffer(`observed text #${i}`, Buffer.from(text, 'utf8'), sentinels, hits),
  );
  return hits;
}

/** The total number of occurrences. */
export const leakCount = (hits: readonly SecretHit[]): number =>
  hits.reduce((sum, hit) => sum + hit.count, 0);
