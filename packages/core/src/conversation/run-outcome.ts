import { Cause, Effect, Exit } from 'effect';
import type { OutputItem } from '../domain/items.js';
import type { Turn } from '../domain/turn.js';
import { Conflict, type NotFound, type StorageError } from '../errors.js';
import type { RunInput } from '../machine/machine-types.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import type { TurnError } from '../domain/turn.js';
import type { RunOutcome } from '../machine/machine-types.js';
import type { OutputSchema } from '../structured/output-schema.js';
import { pendingApprovals } from '../tools/approvals.js';
import type { Tool } from '../tools/define-tool.js';
import { functionCalls, outputText } from './turn-helpers.js';

/** What a turn ended with, as the machine needs it to decide what comes next. */
export interface OutcomeInput {
  readonly turnId: string;
  readonly responseId: string | null;
  readonly status: RunOutcome['status'];
  readonly output: readonly OutputItem[];
  readonly error: TurnError | null;
  /** The conversation's version after the turn (unchanged when the head did not move). */
  readonly version: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tools: readonly Tool<any>[];
  /** The send's structured-output schema, when it has one. */
  readonly schema: OutputSchema<unknown> | undefined;
}

/**
 * The machine's `run.done` outcome of an ended turn: its function calls, which of them wait for a
 * person, and the structured output's validation issues.
 */
export function runOutcome(input: OutcomeInput): Effect.Effect<RunOutcome> {
  return Effect.gen(function* () {
    const calls = input.status === 'completed' ? functionCalls(input.output) : [];
    const needsApproval = pendingApprovals(calls, input.tools).map((c) => c.callId);
    let validationIssues: readonly string[] | null = null;
    if (input.schema !== undefined && input.status === 'completed' && calls.length === 0) {
      const parsed = yield* Effect.exit(input.schema.parse(outputText(input.output)));
      if (Exit.isFailure(parsed)) {
        const failure = Cause.squash(parsed.cause) as { issues?: readonly string[] };
        validationIssues = failure.issues ?? ['the output could not be parsed'];
      }
    }
    return {
      turnId: input.turnId,
      responseId: input.responseId,
      status: input.status,
      version: input.version,
      calls: calls.map((c) => ({ callId: c.call_id, name: c.name, arguments: c.arguments })),
      needsApproval,
      validationIssues,
      error: input.error,
    };
  });
}

/**
 * The outcome of a turn the store already holds as ended (a process stopped after storing it,
 * before its conversation noted it), with the head moved to it if the process stopped between the
 * two (a background job a worker finished). Nothing is sent again.
 */
export function settledOutcome(
  turns: TurnStoreShape,
  now: number,
  input: RunInput,
  turn: Turn,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  tools: readonly Tool<any>[],
  schema: OutputSchema<unknown> | undefined,
): Effect.Effect<RunOutcome, StorageError | NotFound | Conflict> {
  return Effect.gen(function* () {
    let conversation = yield* turns.getConversation(input.conversationId);
    if (conversation.headTurnId !== turn.id) {
      if (conversation.headTurnId !== turn.parentId) {
        return yield* new Conflict({
          conversationId: conversation.id,
          expectedVersion: input.expectedVersion,
          actualVersion: conversation.version,
        });
      }
      conversation = yield* turns.setHead(conversation.id, conversation.version, turn.id, now);
    }
    return yield* runOutcome({
      turnId: turn.id,
      responseId: turn.responseId,
      status: turn.status === 'incomplete' ? 'incomplete' : 'completed',
      output: turn.output,
      error: turn.error,
      version: conversation.version,
      tools,
      schema,
    });
  });
}
