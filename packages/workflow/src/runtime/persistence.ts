/**
 * How a run is stored in the `SnapshotStore`: one record per run under `workflow:<runId>`, holding
 * the definition the run started with and the machine snapshot after the latest transition.
 *
 * @module
 */
import { Cause, Effect, Exit } from 'effect';
import type { SnapshotStoreShape, StoredSnapshot } from '@weft/core';
import type { WorkflowDefinition } from '../definition/schema.js';

/** The snapshot key of a run. */
export const runKey = (runId: string): string => `workflow:${runId}`;

/** Where a run is. */
export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed';

/** A stored run. */
export interface RunRecord {
  readonly format: 1;
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly parentRunId: string | null;
  readonly status: RunStatus;
  /** Steps waiting for a person. */
  readonly waitingAt: readonly string[];
  /** The definition the run started with; a resumed run keeps it even if the workflow changed. */
  readonly definition: WorkflowDefinition;
  /** The XState persisted snapshot. */
  readonly snapshot: unknown;
  readonly startedAt: number;
}

/** A run as `list()` shows it. */
export interface RunSummary {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly parentRunId: string | null;
  readonly status: RunStatus;
  readonly waitingAt: readonly string[];
  readonly startedAt: number;
  readonly updatedAt: number;
}

const isRecord = (value: unknown): value is RunRecord =>
  typeof value === 'object' &&
  value !== null &&
  (value as { format?: unknown }).format === 1 &&
  'definition' in value;

/** Runs an Effect from a store as a Promise that rejects with its tagged error. */
export async function runStore<A, E>(
  effect: Effect.Effect<A, E>,
  signal?: AbortSignal,
): Promise<A> {
  const exit = await Effect.runPromiseExit(effect, signal === undefined ? undefined : { signal });
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
}

/** Reads a stored run. */
export async function loadRun(
  store: SnapshotStoreShape,
  runId: string,
): Promise<RunRecord | undefined> {
  const stored = await runStore(store.load(runKey(runId)));
  return stored !== undefined && isRecord(stored.snapshot) ? stored.snapshot : undefined;
}

/** Lists stored runs. */
export async function listRuns(store: SnapshotStoreShape): Promise<RunSummary[]> {
  const all: readonly StoredSnapshot[] = await runStore(store.list('workflow:'));
  return all.flatMap((s) => {
    if (!isRecord(s.snapshot)) return [];
    const r = s.snapshot;
    return [
      {
        runId: r.runId,
        workflowId: r.workflowId,
        version: r.version,
        parentRunId: r.parentRunId,
        status: r.status,
        waitingAt: r.waitingAt,
        startedAt: r.startedAt,
        updatedAt: s.updatedAt,
      },
    ];
  });
}
