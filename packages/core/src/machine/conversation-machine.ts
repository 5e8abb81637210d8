import { assign, emit, fromCallback, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { InputItem } from '../domain/items.js';
import { OutputValidation } from '../errors.js';
import { correctiveMessage } from '../structured/corrective-message.js';
import type {
  ConversationActorEvent,
  ConversationContext,
  ConversationEmitted,
  ConversationEvent,
  ConversationMachineInput,
  MarkCancelledInput,
  PrepareInput,
  RunInput,
  ToolsInput,
} from './machine-types.js';

/** Placeholder actor logic: the composition root binds real actors with `machine.provide`. */
function unbound(name: string): never {
  throw new Error(`The conversation machine's '${name}' actor was not provided.`);
}


/**
 * The conversation machine: `idle → preparing → running → (toolCalls → preparing)* → idle`, plus
 * `awaitingApproval`, `retrying`, `failed` (RETRY allowed) and `cancelled`.
 *
 * The machine is pure: it decides, the invoked actors act (store writes, HTTP calls, tools).
 * Stopping the `running` actor interrupts its Effect fiber and aborts the HTTP request. The
 * context holds JSON only, so `getPersistedSnapshot()` survives `JSON.stringify` and a machine can
 * be rebuilt in another process from the store.
 */
export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    emitted: {} as ConversationEmitted,
    input: {} as ConversationMachineInput,
  },
  actors: {
    prepareTurn: fromPromise<{ turnId: string }, PrepareInput>(async () => unbound('prepareTurn')),
    runTurn: fromCallback<ConversationEvent, RunInput>(() => unbound('runTurn')),
    runTools: fromPromise<{ outputs: InputItem[] }, ToolsInput>(async () => unbound('runTools')),
    markCancelled: fromPromise<void, MarkCancelledInput>(async () => unbound('markCancelled')),
  },
  delays: {
    retryDelay: ({ context }) => context.retryDelayMs,
  },
  guards: {
    hasCalls: ({ event }) => event.type === 'run.done' && event.outcome.calls.length > 0,
    needsApproval: ({ event }) =>
      event.type === 'run.done' && event.outcome.needsApproval.length > 0,
    roundsExceeded: ({ context, event }) =>
      event.type === 'run.done' &&
      event.outcome.calls.length > 0 &&
      context.toolRound >= context.maxToolRounds,
    needsCorrection: ({ context, event }) =>
      event.type === 'run.done' &&
      event.outcome.validationIssues !== null &&
      context.corrections < context.maxCorrections,
    invalidOutput: ({ event }) =>
      event.type === 'run.done' && event.outcome.validationIssues !== null,
    turnFailed: ({ event }) => event.type === 'run.done' && event.outcome.status === 'failed',
    canFallBack: ({ event }) => event.type === 'run.error' && event.failure.fallbackReason !== null,
    canRetry: ({ event }) => event.type === 'run.error' && event.failure.retryDelayMs !== null,
    allDecided: ({ context }) => context.approvals.every((c) => c.callId in context.decisions),
    hasPendingInput: ({ context }) => context.pendingInput !== null,
  },
  actions: {
    startSend: assign(({ event }) => {
      if (event.type !== 'turn.send') return {};
      return {
        sendId: event.sendId,
        pendingInput: event.input,
        toolRound: 0,
        corrections: 0,
        attempt: 0,
        lastError: null,
        approvals: [],
        decisions: {},
        fallback: null,
        nextContextStrategy: null,
      };
    }),
    forwardEvent: emit(({ context, event }) => {
      if (event.type !== 'run.event') throw new Error('forwardEvent needs a run.event');
      return { type: 'turn.event' as const, sendId: context.sendId, event: event.event };
    }),
    acceptOutcome: assign(({ event }) => {
      if (event.type !== 'run.done') return {};
      // A failed response stays off the path: the head (and so the version) did not move.
      const moved = event.outcome.status !== 'failed';
      return {
        ...(moved ? { headTurnId: event.outcome.turnId } : {}),
        version: event.outcome.version,
        attempt: 0,
        fallback: null,
        nextContextStrategy: null,
      };
    }),
    queueApprovals: assign(({ event }) => {
      if (event.type !== 'run.done') return {};
      const wanted = new Set(event.outcome.needsApproval);
      return {
        approvals: event.outcome.calls.filter((c) => wanted.has(c.callId)),
        decisions: {},
      };
    }),
    emitApprovals: emit(({ context }) => ({
      type: 'approval.requested' as const,
      sendId: context.sendId,
      calls: context.approvals,
    })),
    recordDecision: assign(({ context, event }) => {
      if (event.type === 'tool.approve' && context.approvals.some((c) => c.callId === event.callId)) {
        return { decisions: { ...context.decisions, [event.callId]: { approved: true } } };
      }
      if (event.type === 'tool.reject' && context.approvals.some((c) => c.callId === event.callId)) {
        return {
          decisions: {
            ...context.decisions,
            [event.callId]: { approved: false, reason: event.reason },
          },
        };
      }
      return {};
    }),
    queueCorrection: assign(({ context, event }) => {
      if (event.type !== 'run.done' || event.outcome.validationIssues === null) return {};
      const correction: InputItem = correctiveMessage(
        new OutputValidation({ turnId: event.outcome.turnId, issues: event.outcome.validationIssues, text: '' }),
      );
      return { pendingInput: [correction], corrections: context.corrections + 1 };
    }),
    setFailedFromOutcome: assign(({ event }) => {
      if (event.type !== 'run.done') return {};
      return {
        lastError: event.outcome.error ?? {
          tag: 'OutputValidation',
          message: `The structured output did not match its schema: ${(event.outcome.validationIssues ?? []).join('; ')}.`,
        },
      };
    }),
    setRoundsExceeded: assign(({ context }) => ({
      lastError: {
        tag: 'ToolRoundsExceeded',
        message: `The model called tools for more than ${context.maxToolRounds} rounds; raise maxToolRounds or tighten the instructions.`,
      },
    })),
    prepareFallback: assign(({ context, event }) => {
      if (event.type !== 'run.error' || event.failure.fallbackReason === null) return {};
      return {
        fallback: { from: context.contextStrategy, to: 'local' as const, reason: event.failure.fallbackReason },
        nextContextStrategy: 'local' as const,
      };
    }),
    prepareRetry: assign(({ context, event }) => {
      if (event.type !== 'run.error') return {};
      return { attempt: context.attempt + 1, retryDelayMs: event.failure.retryDelayMs ?? 0 };
    }),
    setFailedFromError: assign(({ event }) => {
      if (event.type !== 'run.error') return {};
      return { lastError: event.failure.error };
    }),
    emitFinished: emit(({ context }) => ({
      type: 'send.finished' as const,
      sendId: context.sendId,
      turnId: context.headTurnId,
    })),
    emitFailed: emit(({ context }) => ({
      type: 'send.failed' as const,
      sendId: context.sendId,
      error: context.lastError ?? { tag: 'Unknown', message: 'The turn failed.' },
    })),
    emitCancelled: emit(({ context }) => ({
      type: 'send.cancelled' as const,
      sendId: context.sendId,
      turnId: context.currentTurnId,
    })),
    clearWork: assign({ pendingInput: null, approvals: [], decisions: {}, currentTurnId: null }),
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => ({
    conversationId: input.conversationId,
    headTurnId: input.headTurnId,
    version: input.version,
    contextStrategy: input.contextStrategy,
    executionStrategy: input.executionStrategy,
    maxToolRounds: input.maxToolRounds,
    maxCorrections: input.maxCorrections,
    sendId: null,
    pendingInput: null,
    currentTurnId: null,
    fallback: null,
    nextContextStrategy: null,
    toolRound: 0,
    corrections: 0,
    attempt: 0,
    retryDelayMs: 0,
    approvals: [],
    decisions: {},
    lastError: null,
  }),
  initial: 'idle',
  on: {
    'head.reset': {
      actions: assign(({ event }) => ({ headTurnId: event.headTurnId, version: event.version })),
    },
  },
  states: {
    idle: {
      on: {
        'turn.send': { target: 'preparing', actions: 'startSend' },
        'settings.update': {
          actions: assign(({ context, event }) => ({
            contextStrategy: event.contextStrategy ?? context.contextStrategy,
            executionStrategy: event.executionStrategy ?? context.executionStrategy,
          })),
        },
      },
    },
    preparing: {
      invoke: {
        src: 'prepareTurn',
        input: ({ context }) => ({
          conversationId: context.conversationId,
          sendId: context.sendId,
          parentId: context.headTurnId,
          input: context.pendingInput ?? [],
          contextStrategy: context.nextContextStrategy ?? context.contextStrategy,
          executionStrategy: context.executionStrategy,
          fallback: context.fallback,
        }),
        onDone: {
          target: 'running',
          actions: [
            assign(({ event }) => ({ currentTurnId: event.output.turnId })),
            emit(({ context, event }) => ({
              type: 'turn.started' as const,
              sendId: context.sendId,
              turnId: event.output.turnId,
            })),
          ],
        },
        onError: {
          target: 'failed',
          actions: assign(({ event }) => ({ lastError: toTurnError(event.error) })),
        },
      },
      on: { 'turn.cancel': 'cancelled' },
    },
    running: {
      invoke: {
        src: 'runTurn',
        input: ({ context }) => ({
          turnId: context.currentTurnId ?? '',
          conversationId: context.conversationId,
          sendId: context.sendId,
          expectedVersion: context.version,
          attempt: context.attempt,
          executionStrategy: context.executionStrategy,
        }),
      },
      on: {
        'run.event': { actions: 'forwardEvent' },
        'run.done': [
          { guard: 'turnFailed', target: 'failed', actions: ['acceptOutcome', 'setFailedFromOutcome'] },
          { guard: 'needsCorrection', target: 'preparing', actions: ['acceptOutcome', 'queueCorrection'] },
          { guard: 'invalidOutput', target: 'failed', actions: ['acceptOutcome', 'setFailedFromOutcome'] },
          { guard: 'roundsExceeded', target: 'failed', actions: ['acceptOutcome', 'setRoundsExceeded'] },
          {
            guard: 'needsApproval',
            target: 'awaitingApproval',
            actions: ['acceptOutcome', 'queueApprovals'],
          },
          { guard: 'hasCalls', target: 'toolCalls', actions: 'acceptOutcome' },
          { target: 'idle', actions: ['acceptOutcome', 'clearWork', 'emitFinished'] },
        ],
        'run.error': [
          { guard: 'canFallBack', target: 'preparing', actions: 'prepareFallback' },
          { guard: 'canRetry', target: 'retrying', actions: 'prepareRetry' },
          { target: 'failed', actions: 'setFailedFromError' },
        ],
        'turn.cancel': 'cancelled',
      },
    },
    retrying: {
      after: { retryDelay: 'preparing' },
      on: { 'turn.cancel': 'cancelled' },
    },
    awaitingApproval: {
      entry: 'emitApprovals',
      always: { guard: 'allDecided', target: 'toolCalls' },
      on: {
        'tool.approve': { actions: 'recordDecision' },
        'tool.reject': { actions: 'recordDecision' },
        'turn.cancel': 'cancelled',
      },
    },
    toolCalls: {
      invoke: {
        src: 'runTools',
        input: ({ context }) => ({
          turnId: context.headTurnId ?? '',
          sendId: context.sendId,
          conversationId: context.conversationId,
          decisions: context.decisions,
        }),
        onDone: {
          target: 'preparing',
          actions: assign(({ context, event }) => ({
            pendingInput: event.output.outputs,
            toolRound: context.toolRound + 1,
            approvals: [],
            decisions: {},
          })),
        },
        onError: {
          target: 'failed',
          actions: assign(({ event }) => ({ lastError: toTurnError(event.error) })),
        },
      },
      on: { 'turn.cancel': 'cancelled' },
    },
    failed: {
      entry: 'emitFailed',
      on: {
        'turn.retry': {
          guard: 'hasPendingInput',
          target: 'preparing',
          actions: assign(({ event }) => ({ sendId: event.sendId, attempt: 0, lastError: null })),
        },
        'turn.send': { target: 'preparing', actions: 'startSend' },
      },
    },
    cancelled: {
      entry: 'emitCancelled',
      invoke: {
        src: 'markCancelled',
        input: ({ context, event }) => ({
          turnId: context.currentTurnId,
          reason: event.type === 'turn.cancel' ? (event.reason ?? 'cancelled by the caller') : 'cancelled',
        }),
      },
      on: {
        'turn.send': { target: 'preparing', actions: 'startSend' },
      },
    },
  },
});

/** A live conversation machine actor. */
export type ConversationActor = ActorRefFrom<typeof conversationMachine>;

/** Events from actors (exported for the composition root). */
export type { ConversationActorEvent };

/** Turns any thrown value into the `{ tag, message }` recorded on turns and emitted to callers. */
export function toTurnError(error: unknown): { tag: string; message: string } {
  if (typeof error === 'object' && error !== null) {
    const tag = (error as { _tag?: unknown })._tag;
    const message = (error as { message?: unknown }).message;
    return {
      tag: typeof tag === 'string' ? tag : 'Defect',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { tag: 'Defect', message: String(error) };
}
