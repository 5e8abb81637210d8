/**
 * Test helpers: run application code against a stored conversation, deterministically and with no
 * network, so a recorded conversation becomes a regression test.
 *
 * @module
 */
import { ReplayDivergence, isReplayDivergence } from './errors.js';
import {
  createReplayClient,
  type ReplayClient,
  type ReplayClientOptions,
} from './replay-client.js';

/** Options of {@link replayConversation}. */
export type ReplayTestOptions = ReplayClientOptions & {
  /** Fail when recorded calls were never requested (default true). */
  readonly requireAllCalls?: boolean | undefined;
};

/** What {@link replayConversation} returns. */
export interface ReplayTestResult<T> {
  /** What the application code returned. */
  readonly result: T;
  /** The replay client, with what it served. */
  readonly client: ReplayClient;
}

/**
 * A readable account of a divergence: where it happened, which fields differ, recorded against
 * current values, and text diffs of long strings.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * try { await run(); } catch (e) { if (isReplayDivergence(e)) console.error(formatDivergence(e)); }
 * ```
 */
export function formatDivergence(divergence: ReplayDivergence): string {
  const where =
    divergence.turnId === undefined
      ? `request #${divergence.position}`
      : `request #${divergence.position} (recorded turn ${divergence.turnId}${divergence.responseId === undefined ? '' : `, response ${divergence.responseId}`})`;
  const head = `Replay diverged at ${where}: ${divergence.kind}`;
  return divergence.report === ''
    ? head
    : `${head}\n${divergence.report
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}`;
}

/** An assertion failure carrying every divergence, formatted. */
export class ReplayAssertionError extends Error {
  override readonly name = 'ReplayAssertionError';
  constructor(readonly divergences: readonly ReplayDivergence[]) {
    super(
      `The application did not replay its recording (${divergences.length} divergence${divergences.length === 1 ? '' : 's'}):\n\n${divergences.map(formatDivergence).join('\n\n')}`,
    );
  }
}

/**
 * Throws a {@link ReplayAssertionError} (a readable diff of every divergence, including ones the
 * application caught) when the replay diverged, or when recorded calls remain unserved and
 * `requireAllCalls` is not false.
 *
 * @throws ReplayAssertionError
 * @since 0.1.0
 * @example
 * ```ts
 * await agent(createWeft({ client }));
 * expectReplayed(client);
 * ```
 */
export function expectReplayed(
  client: ReplayClient,
  options: { readonly requireAllCalls?: boolean | undefined } = {},
): void {
  const found = [...client.divergences];
  if (options.requireAllCalls !== false) {
    for (const call of client.remaining()) {
      found.push(
        new ReplayDivergence({
          kind: 'missing',
          position: call.position,
          turnId: call.turn.id,
          responseId: call.turn.responseId ?? undefined,
          changes: [],
          report: `- request #${call.position}: recorded (turn ${call.turn.id}), never sent`,
        }),
      );
    }
  }
  if (found.length > 0) throw new ReplayAssertionError(found);
}

/**
 * Runs application code against a stored conversation instead of the network: `run` gets a
 * replay client to pass to `createWeft({ client })`. Fails with a {@link ReplayAssertionError}
 * when the code sent anything other than what was recorded (strict mode), or did not make every
 * recorded call.
 *
 * @throws ReplayAssertionError — the code diverged from the recording
 * @throws whatever `run` throws, when it is not a divergence
 * @since 0.1.0
 * @see docs/replay.md
 * @example
 * ```ts
 * it('answers the weather question as recorded', async () => {
 *   const store = openSqliteStore({ path: 'fixtures/prod.db', readonly: true });
 *   const { result } = await replayConversation({ store, conversationId: 'conv_42' }, (client) =>
 *     weatherAgent(createWeft({ client, defaults: { model: 'gpt-5.4', tools } })),
 *   );
 *   expect(result.text).toContain('sunny');
 * });
 * ```
 */
export async function replayConversation<T>(
  options: ReplayTestOptions,
  run: (client: ReplayClient) => Promise<T>,
): Promise<ReplayTestResult<T>> {
  const client = await createReplayClient(options);
  let result: T;
  try {
    result = await run(client);
  } catch (error) {
    if (isReplayDivergence(error)) {
      const known = client.divergences.includes(error)
        ? client.divergences
        : [error, ...client.divergences];
      throw new ReplayAssertionError(known);
    }
    throw error;
  }
  expectReplayed(client, {
    requireAllCalls: options.mode === 'lenient' ? false : options.requireAllCalls,
  });
  return { result, client };
}

/**
 * {@link replayConversation}, returning only what the application code returned.
 *
 * @throws ReplayAssertionError — the code diverged from the recording
 * @since 0.1.0
 * @example
 * ```ts
 * const texts = await withReplay({ store, conversationId }, (client) => agent(createWeft({ client })));
 * ```
 */
export async function withReplay<T>(
  options: ReplayTestOptions,
  run: (client: ReplayClient) => Promise<T>,
): Promise<T> {
  return (await replayConversation(options, run)).result;
}

export { isReplayDivergence, ReplayDivergence };
export type { ReplayClient, ReplayClientOptions };
