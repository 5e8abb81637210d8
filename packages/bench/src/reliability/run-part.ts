import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReliabilityContext, ReliabilityFigures, ReliabilityPart } from './contract.js';
import { captureConsole } from './console-capture.js';
import { leakCount, scanForSecrets, type SecretHit } from './secret-scan.js';
import { makeSentinels } from './sentinels.js';

/** A failed "must", as the report lists it. */
export interface Violation {
  readonly part: string;
  readonly key: keyof ReliabilityFigures;
  readonly detail: string;
}

/** What one part produced. */
export interface PartOutcome {
  readonly name: string;
  readonly durationMs: number;
  readonly figures: Partial<ReliabilityFigures>;
  readonly violations: readonly Violation[];
  /** Set when the part threw: a failure of the suite, never a skip. */
  readonly error?: string;
  readonly secretHits: readonly SecretHit[];
  readonly workDir: string;
}

export interface RunPartOptions {
  readonly full: boolean;
  readonly seed: number;
  /** The part's work dir is created under it. */
  readonly root: string;
  readonly log: (message: string) => void;
}

/**
 * Runs one part in a work dir of its own with fresh sentinels, then scans the dir and every
 * observed text for the sentinels. A part that throws yields an outcome with `error`.
 */
export async function runPart(
  part: ReliabilityPart,
  options: RunPartOptions,
): Promise<PartOutcome> {
  const workDir = join(options.root, part.name);
  mkdirSync(workDir, { recursive: true });
  const sentinels = makeSentinels();
  const observed: string[] = [];
  const violations: Violation[] = [];
  const logFile = join(workDir, 'suite.log');
  const context: ReliabilityContext = {
    full: options.full,
    seed: options.seed,
    workDir,
    sentinels,
    log(message) {
      // Progress lines go to the work dir too, so the scan covers them.
      appendFileSync(logFile, `${message}\n`);
      options.log(`  [${part.name}] ${message}`);
    },
    observe(text) {
      observed.push(text);
    },
    violation(key, detail) {
      observed.push(detail);
      violations.push({ part: part.name, key, detail });
      options.log(`  [${part.name}] violation ${key}: ${detail}`);
    },
  };
  const started = performance.now();
  let figures: Partial<ReliabilityFigures> = {};
  let error: string | undefined;
  const restoreConsole = captureConsole(join(workDir, 'console.log'));
  try {
    figures = await part.run(context);
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
    observed.push(error);
  } finally {
    restoreConsole();
  }
  const durationMs = performance.now() - started;
  const secretHits = scanForSecrets([workDir], observed, sentinels);
  figures = { ...figures, secret_leaks: (figures.secret_leaks ?? 0) + leakCount(secretHits) };
  // Reported without the sentinel itself: only where it was found.
  for (const hit of secretHits) {
    violations.push({
      part: part.name,
      key: 'secret_leaks',
      detail: `${hit.sentinel} found ${hit.count}× in ${hit.where}`,
    });
  }
  return {
    name: part.name,
    durationMs,
    figures,
    violations,
    ...(error !== undefined ? { error: redact(error, sentinels) } : {}),
    secretHits,
    workDir,
  };
}

/** Removes the sentinels from a text the report will show. */
function redact(text: string, sentinels: { apiKey: string; token: string }): string {
  return text.replaceAll(sentinels.apiKey, '<api key>').replaceAll(sentinels.token, '<token>');
}
