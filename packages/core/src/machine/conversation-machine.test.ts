import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock, type InspectionEvent } from 'xstate';
import type { InputItem } from '../domain/items.js';
import { conversationMachine } from './conversation-machine.js';
import type { ConversationEvent, MarkCancelledInput, RunInput, RunOutcome } from './machine-types.js';

const input = {
  conversationId: 'conv_1',
  headTurnId: null,
  version: 0,
  contextStrategy: 'server' as const,
  executionStrategy: 'blocking' as const,
  maxToolRounds: 3,
  maxCorrections: 1,
};

type Script = (run: RunInput, n: number) => ConversationEvent;

/** The machine with scripted actors: each run answers from `script`, tools echo their call ids. */
function scripted(script: Script) {
  let turns = 0;
  let runs = 0;
  const toolInputs: unknown[] = [];
  const machine = conversationMachine.provide({
    actors: {
      prepareTurn: fromPromise(async () => ({ turnId: `turn_${++turns}` })),
      runTurn: fromCallback<ConversationEvent, RunInput>(({ input: run, sendBack }) => {
        const n = ++runs;
        queueMicrotask(() => sendBack(script(run, n)));
      }),
      runTools: fromPromise(async ({ input: tools }) => {
        toolInputs.push(tools);
        const outputs: InputItem[] = [{ type: 'function_call_output', call_id: 'c1', output: 'ok' }];
        return { outputs };
      }),
      markCancelled: fromPromise<void, MarkCancelledInput>(async () => undefined),
    },
  });
  return { machine, toolInputs, runs: () => runs };
}

const done = (turnId: string, over: Partial<RunOutcome> = {}): ConversationEvent => ({
  type: 'run.done',
  outcome: {
    turnId,
    responseId: `resp_${turnId}`,
    status: 'completed',
    version: Number(turnId.split('_')[1]),
    calls: [],
    needsApproval: [],
    validationIssues: null,
    error: null,
    ...over,
  },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const send = { type: 'turn.send' as const, sendId: 's1', input: [{ role: 'user' as const, content: 'hi' }] };

describe('the conversation machine', () => {
  it('goes idle → preparing → running → idle and moves the head', async () => {
    const { machine } = scripted((run) => done(run.turnId));
    const actor = createActor(machine, { input }).start();
    const finished: unknown[] = [];
    actor.on('send.finished', (e) => finished.push(e));
    actor.send(send);
    expect(actor.getSnapshot().value).toBe('preparing');
    await settle();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context).toMatchObject({ headTurnId: 'turn_1', version: 1, pendingInput: null });
    expect(finished).toEqual([{ type: 'send.finished', sendId: 's1', turnId: 'turn_1' }]);
  });

  it('loops through toolCalls until the model answers, and fails past maxToolRounds', async () => {
    const call = { callId: 'c1', name: 'lookup', arguments: '{}' };
    const { machine, toolInputs } = scripted((run) => done(run.turnId, { calls: [call] }));
    const actor = createActor(machine, { input }).start();
    const failures: unknown[] = [];
    actor.on('send.failed', (e) => failures.push(e));
    actor.send(send);
    for (let i = 0; i < 10; i++) await settle();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(toolInputs).toHaveLength(3);
    expect(actor.getSnapshot().context.lastError?.tag).toBe('ToolRoundsExceeded');
    expect(failures).toHaveLength(1);
  });

  it('waits in awaitingApproval; its snapshot survives JSON and a new actor finishes the round', async () => {
    const call = { callId: 'c1', name: 'pay', arguments: '{"amount":5}' };
    const { machine, toolInputs } = scripted((run, n) =>
      n === 1 ? done(run.turnId, { calls: [call], needsApproval: ['c1'] }) : done(run.turnId),
    );
    const first = createActor(machine, { input }).start();
    first.send(send);
    await settle();
    expect(first.getSnapshot().value).toBe('awaitingApproval');
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as never;
    first.stop();

    const restored = createActor(machine, { input, snapshot: persisted }).start();
    expect(restored.getSnapshot().value).toBe('awaitingApproval');
    restored.send({ type: 'tool.approve', callId: 'unknown' });
    expect(restored.getSnapshot().value).toBe('awaitingApproval');
    restored.send({ type: 'tool.reject', callId: 'c1', reason: 'too much' });
    await settle();
    await settle();
    expect(toolInputs).toEqual([
      { turnId: 'turn_1', sendId: 's1', conversationId: 'conv_1', decisions: { c1: { approved: false, reason: 'too much' } } },
    ]);
    expect(restored.getSnapshot().value).toBe('idle');
  });

  it('waits the decided delay in retrying, then prepares a new turn', async () => {
    const clock = new SimulatedClock();
    const { machine, runs } = scripted((run, n) =>
      n === 1
        ? {
            type: 'run.error',
            failure: { turnId: run.turnId, error: { tag: 'RateLimited', message: '429' }, retryDelayMs: 1000, fallbackReason: null },
          }
        : done(run.turnId),
    );
    const actor = createActor(machine, { input, clock }).start();
    actor.send(send);
    await settle();
    expect(actor.getSnapshot().value).toBe('retrying');
    clock.increment(999);
    expect(actor.getSnapshot().value).toBe('retrying');
    clock.increment(1);
    await settle();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(runs()).toBe(2);
    expect(actor.getSnapshot().context.headTurnId).toBe('turn_2');
  });

  it('falls back to local context for the next turn when the server lost the previous response', async () => {
    const prepared: unknown[] = [];
    const { machine } = scripted((run, n) =>
      n === 1
        ? {
            type: 'run.error',
            failure: {
              turnId: run.turnId,
              error: { tag: 'PreviousResponseNotFound', message: 'gone' },
              retryDelayMs: null,
              fallbackReason: 'previous_response_not_found',
            },
          }
        : done(run.turnId),
    );
    const spying = machine.provide({
      actors: {
        prepareTurn: fromPromise(async ({ input: p }) => {
          prepared.push(p);
          return { turnId: `turn_${prepared.length}` };
        }),
      },
    });
    const actor = createActor(spying, { input }).start();
    actor.send(send);
    for (let i = 0; i < 4; i++) await settle();
    expect(actor.getSnapshot().value).toBe('idle');
    expect(prepared[1]).toMatchObject({
      contextStrategy: 'local',
      fallback: { from: 'server', to: 'local', reason: 'previous_response_not_found' },
    });
  });

  it('sends a corrective turn for invalid structured output, then gives up', async () => {
    const { machine } = scripted((run) => done(run.turnId, { validationIssues: ['total: expected number'] }));
    const actor = createActor(machine, { input }).start();
    actor.send(send);
    for (let i = 0; i < 6; i++) await settle();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.corrections).toBe(1);
    expect(JSON.stringify(actor.getSnapshot().context.pendingInput)).toContain('total: expected number');
  });

  it('reports every transition to an inspector', async () => {
    const seen: string[] = [];
    const { machine } = scripted((run) => done(run.turnId));
    const actor = createActor(machine, {
      input,
      inspect: (e: InspectionEvent) => {
        if (e.type === '@xstate.snapshot' && e.actorRef.sessionId === e.rootId) {
          seen.push(String((e.snapshot as unknown as { value: unknown }).value));
        }
      },
    }).start();
    actor.send(send);
    await settle();
    expect(seen).toEqual(['idle', 'preparing', 'running', 'idle']);
  });

  it('cancels from running and accepts a new send afterwards', async () => {
    const { machine } = scripted(() => ({ type: 'run.event', event: { type: 'cancelled', turnId: 't', responseId: null } }));
    const actor = createActor(machine, { input }).start();
    actor.send(send);
    await settle();
    expect(actor.getSnapshot().value).toBe('running');
    actor.send({ type: 'turn.cancel', reason: 'user' });
    expect(actor.getSnapshot().value).toBe('cancelled');
    actor.send({ ...send, sendId: 's2' });
    expect(actor.getSnapshot().value).toBe('preparing');
  });
});
