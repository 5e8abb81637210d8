import { createActor, type InspectionEvent, type Observer } from 'xstate';
import type { MachineTimers } from './machine-timers.js';
import { toInputItems } from '../context/chain-items.js';
import type { Conversation as ConversationRecord } from '../domain/conversation.js';
import type { InputItem } from '../domain/items.js';
import type { Turn } from '../domain/turn.js';
import { InvalidState } from '../errors.js';
import type { ConversationActor } from '../machine/conversation-machine.js';
import type { PendingApproval } from '../machine/machine-types.js';
import type { SnapshotStoreShape } from '../ports/snapshot-store.js';
import { checkPlan } from './plan.js';
import { rebuildError } from './rebuild-error.js';
import type { RecoveredSnapshot } from './recover.js';
import { outputText, runForActor, type ConversationEngine } from './engine.js';
import { EventQueue } from './event-queue.js';
import type { ResolvedSettings, SendOptions } from './settings.js';
import { SnapshotWriter } from './snapshot-writer.js';
import { sumUsage } from './sum-usage.js';
import type { SendEvent, SendResult, TurnHandle } from './turn-handle.js';

/** The snapshot key of a conversation's machine. */
export const snapshotKey = (conversationId: string): string => `conversation:${conversationId}`;

/**
 * States a restored machine can wait in without an actor: nothing is invoked or timed in them, so
 * starting the actor on first use instead of at `open` changes nothing a caller can see.
 */
const quietStates = new Set(['idle', 'awaitingApproval', 'failed']);

/** How a live conversation is created; used by `Weft`. */
export interface ConversationInit {
  readonly record: ConversationRecord;
  readonly settings: ResolvedSettings;
  /** Makes the conversation's engine; called once, when the conversation is first used. */
  readonly engine: (settings: ResolvedSettings) => ConversationEngine;
  readonly snapshots: SnapshotStoreShape | undefined;
  /** A persisted snapshot to resume from (see `recover.ts`). */
  readonly snapshot?: RecoveredSnapshot | undefined;
  /** A stored conversation being opened: its machine may wait for first use (see `quietStates`). */
  readonly stored?: boolean | undefined;
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined;
  readonly clock: { now(): number };
  readonly timers?: MachineTimers | undefined;
}

/**
 * A stored conversation whose actor is not created yet: its state, and the JSON of its snapshot
 * (compact, parsed on wake); no JSON when nothing was stored and the machine starts fresh.
 */
interface DormantSnapshot {
  readonly state: string;
  readonly json: string | undefined;
}

/**
 * A live conversation: a state machine over Responses API calls, backed by the turn tree.
 *
 * @example
 * ```ts
 * const convo = await weft.conversation({ model: 'gpt-5.4' });
 * const turn = convo.send('Hello!');
 * for await (const e of turn.events()) if (e.type === 'delta') process.stdout.write(e.delta);
 * const { text } = await turn.result;
 * ```
 */
export class Conversation {
  readonly id: string;
  private readonly init: ConversationInit;
  private engineRef: ConversationEngine | undefined;
  private actorRef: ConversationActor | undefined;
  /** Set while a restored conversation waits for its first use (see `quietStates`). */
  private dormant: DormantSnapshot | undefined;
  private closed = false;
  private readonly writer: SnapshotWriter;
  private sendCounter = 0;
  /** Queues of the sends in flight, by send id: turn events go straight in, and backpressure comes out. */
  private readonly queues = new Map<string, EventQueue<SendEvent>>();
  /** Ends the sends still waiting when the conversation closes (their work stays in the store). */
  private readonly detachers = new Set<() => void>();

  constructor(init: ConversationInit) {
    this.id = init.record.id;
    this.init = init;
    this.writer = new SnapshotWriter(init.snapshots, snapshotKey(init.record.id), init.clock);
    const restored = init.snapshot;
    if (init.stored !== true) {
      this.wake();
      return;
    }
    const json = restored === undefined ? undefined : JSON.stringify(restored.snapshot);
    // What recovery rewrote must reach the store; what the store holds needs no second write.
    if (restored?.asStored === true) this.writer.assumeStored(json);
    this.dormant = { state: restored?.state ?? 'idle', json };
    // An inspector sees every machine from `open` on; a machine with work in flight resumes it now.
    const quiet = restored === undefined || (restored.asStored && quietStates.has(restored.state));
    if (init.inspect !== undefined || !quiet) this.wake();
  }

  /**
   * The XState actor, for inspection (`actor.subscribe`, `actor.getSnapshot()`). A restored
   * conversation that waits (idle, awaiting approval, failed) starts its actor on first use.
   */
  get actor(): ConversationActor {
    return this.actorRef ?? this.wake();
  }

  /** The machine's state: `idle`, `preparing`, `running`, `toolCalls`, `awaitingApproval`, `retrying`, `failed` or `cancelled`. */
  get state(): string {
    return this.dormant?.state ?? String(this.actor.getSnapshot().value);
  }

  /** The head turn's id, or null before the first turn. */
  get headTurnId(): string | null {
    // A restored machine takes the stored head (`head.reset`), so a dormant one reports it too.
    return this.dormant !== undefined ? this.init.record.headTurnId : this.actor.getSnapshot().context.headTurnId;
  }

  /** Function calls waiting for `approve`/`reject`. */
  get pendingApprovals(): readonly PendingApproval[] {
    const { context } = this.actor.getSnapshot();
    return this.state === 'awaitingApproval'
      ? context.approvals.filter((c) => !(c.callId in context.decisions))
      : [];
  }

  /** The settings turns are sent with. */
  get settings(): ResolvedSettings {
    return this.engineRef?.currentSettings ?? this.init.settings;
  }

  /**
   * Changes model, tools, strategies, … for the following turns.
   * @throws {Unsupported} when the endpoint cannot run the new plan.
   */
  configure(patch: Partial<ResolvedSettings>): void {
    const next = { ...this.engine.currentSettings, ...patch };
    const refused = checkPlan(next, this.engine.services.client.profile, this.engine.services.strategies[next.execution]);
    if (refused !== undefined) throw refused;
    this.engine.updateSettings(next);
    this.actor.send({
      type: 'settings.update',
      contextStrategy: next.contextStrategy,
      executionStrategy: next.execution,
    });
  }

  /**
   * Sends user input (text or items) and runs the turn, the tool loop and any corrections.
   * @throws {InvalidState} (through `result`) when a turn is already running.
   */
  send<T = unknown>(input: string | InputItem | readonly InputItem[], options: SendOptions<T> = {}): TurnHandle<T> {
    const sendId = `${this.id}:${++this.sendCounter}`;
    const state = this.state;
    if (!['idle', 'failed', 'cancelled'].includes(state)) {
      return rejectedHandle(sendId, new InvalidState({ action: 'send', state }));
    }
    this.engine.sendOptions.set(sendId, options as SendOptions<unknown>);
    const handle = this.track<T>(sendId, options);
    this.engine.telemetry.beginSend(sendId, this.id, 'send');
    this.actor.send({ type: 'turn.send', sendId, input: toInputItems(input) });
    return handle;
  }

  /** Re-runs the input of a failed send. */
  retry<T = unknown>(options: SendOptions<T> = {}): TurnHandle<T> {
    const sendId = `${this.id}:${++this.sendCounter}`;
    if (this.state !== 'failed') {
      return rejectedHandle(sendId, new InvalidState({ action: 'retry', state: this.state }));
    }
    this.engine.sendOptions.set(sendId, options as SendOptions<unknown>);
    const handle = this.track<T>(sendId, options);
    this.engine.telemetry.beginSend(sendId, this.id, 'retry');
    this.actor.send({ type: 'turn.retry', sendId });
    return handle;
  }

  /** Approves a pending function call; the tool runs once every pending call is decided. */
  approve(callId: string): void {
    this.requirePending(callId, 'approve');
    this.actor.send({ type: 'tool.approve', callId });
  }

  /** Rejects a pending function call; the model is told it was rejected and why. */
  reject(callId: string, reason?: string): void {
    this.requirePending(callId, 'reject');
    this.actor.send({ type: 'tool.reject', callId, reason });
  }

  /** Cancels whatever is in flight. */
  cancel(reason?: string): void {
    // Idle and failed machines ignore a cancel; a dormant one need not start to do so.
    if (this.dormant !== undefined && this.dormant.state !== 'awaitingApproval') return;
    this.actor.send({ type: 'turn.cancel', reason });
  }

  /** The turns from the root to the head. */
  async history(): Promise<readonly Turn[]> {
    const head = this.headTurnId;
    if (head === null) return [];
    return runForActor(this.engine.services.turns.readChain(head), new AbortController().signal);
  }

  /** Waits until pending snapshot writes are done and stops the machine. */
  async close(): Promise<void> {
    this.closed = true;
    this.actorRef?.stop();
    for (const detach of [...this.detachers]) detach();
    this.engineRef?.telemetry.close();
    await this.writer.flush();
  }

  /** Resolves once outstanding snapshot writes have reached the store. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** The engine binding this conversation's actors, made on first use. */
  private get engine(): ConversationEngine {
    this.engineRef ??= this.init.engine(this.init.settings);
    return this.engineRef;
  }

  /** Creates and starts the machine actor (restored from the dormant snapshot, if any). */
  private wake(): ConversationActor {
    if (this.actorRef !== undefined) return this.actorRef;
    const { record, inspect, timers, settings } = this.init;
    const engine = this.engine;
    const dormant = this.dormant;
    const restored = dormant?.json;
    const actor = createActor(engine.machine(), {
      input: {
        conversationId: record.id,
        headTurnId: record.headTurnId,
        version: record.version,
        contextStrategy: settings.contextStrategy,
        executionStrategy: settings.execution,
        maxToolRounds: settings.maxToolRounds,
        maxCorrections: settings.maxCorrections,
      },
      ...(restored !== undefined ? { snapshot: JSON.parse(restored) as never } : {}),
      ...(inspect !== undefined ? { inspect } : {}),
      ...(timers !== undefined ? { clock: timers } : {}),
    });
    this.actorRef = actor;
    this.dormant = undefined;
    engine.deliver = (sendId, event) => this.queues.get(sendId)?.push(event);
    engine.capacity = () => {
      for (const queue of this.queues.values()) {
        const wait = queue.spaceAvailable();
        if (wait !== undefined) return wait;
      }
      return undefined;
    };
    // A fresh machine stands for what no snapshot means (`open` starts one from the record): not written.
    if (restored === undefined) this.writer.assumeStored(JSON.stringify(actor.getPersistedSnapshot()));
    let lastValue: unknown;
    let lastContext: unknown;
    actor.subscribe((snapshot) => {
      // A stopped machine's last snapshot says nothing new about the conversation, and events that
      // change neither state nor context (every stream delta) need no write.
      if (snapshot.status !== 'active') return;
      // Passing states are not written: a restart never resumes in them (see recover.ts).
      if (snapshot.value === 'preparing' || snapshot.value === 'retrying') return;
      if (snapshot.value === lastValue && snapshot.context === lastContext) return;
      lastValue = snapshot.value;
      lastContext = snapshot.context;
      this.writer.offer(String(snapshot.value), actor.getPersistedSnapshot());
    });
    engine.telemetry.watch(actor);
    actor.start();
    if (restored !== undefined) {
      actor.send({ type: 'head.reset', headTurnId: record.headTurnId, version: record.version });
    }
    // Closed before its first use: the machine exists for inspection only, stopped like the others.
    if (this.closed) {
      actor.stop();
      engine.telemetry.close();
    }
    return actor;
  }

  private requirePending(callId: string, action: string): void {
    if (!this.pendingApprovals.some((c) => c.callId === callId)) {
      throw new InvalidState({ action: `${action} call ${callId}`, state: this.state });
    }
  }

  private track<T>(sendId: string, options: SendOptions<T>): TurnHandle<T> {
    const queue = new EventQueue<SendEvent>();
    this.queues.set(sendId, queue);
    const turnIds: string[] = [];
    const subs: { unsubscribe(): void }[] = [];
    let detach = (): void => undefined;
    const done = (): void => {
      this.queues.delete(sendId);
      this.detachers.delete(detach);
      for (const s of subs) s.unsubscribe();
      options.signal?.removeEventListener('abort', onAbort);
      this.engine.sendOptions.delete(sendId);
    };
    const onAbort = (): void => this.cancel('the AbortSignal was aborted');
    if (options.signal?.aborted === true) queueMicrotask(onAbort);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const result = new Promise<SendResult<T>>((resolve, reject) => {
      detach = () => {
        done();
        const err = new InvalidState({ action: 'wait for this answer', state: 'closed' });
        queue.fail(err);
        reject(err);
      };
      this.detachers.add(detach);
      subs.push(
        this.actor.on('turn.started', (e) => {
          if (e.sendId !== sendId) return;
          turnIds.push(e.turnId);
          queue.push({ type: 'turn.started', turnId: e.turnId });
        }),
        this.actor.on('approval.requested', (e) => {
          if (e.sendId === sendId) queue.push({ type: 'approval.requested', calls: e.calls });
        }),
        this.actor.on('send.finished', (e) => {
          if (e.sendId !== sendId) return;
          done();
          this.collect<T>(turnIds, options).then(
            (r) => {
              queue.close();
              resolve(r);
            },
            (err: unknown) => {
              queue.fail(err);
              reject(err);
            },
          );
        }),
        this.actor.on('send.failed', (e) => {
          if (e.sendId !== sendId) return;
          done();
          const err = this.engine.sendErrors.get(sendId) ?? rebuildError(e.error);
          this.engine.sendErrors.delete(sendId);
          queue.fail(err);
          reject(err);
        }),
        this.actor.on('send.cancelled', (e) => {
          if (e.sendId !== sendId) return;
          done();
          const err = rebuildError({ tag: 'Cancelled', message: 'cancelled' }, e.turnId);
          queue.fail(err);
          reject(err);
        }),
      );
    });
    // The caller may only iterate events; an unobserved rejection must not crash the process.
    result.catch(() => undefined);
    return {
      sendId,
      events: () => queue,
      result,
      cancel: (reason?: string) => this.cancel(reason),
    };
  }

  private async collect<T>(turnIds: readonly string[], options: SendOptions<T>): Promise<SendResult<T>> {
    const signal = new AbortController().signal;
    const { turns } = this.engine.services;
    const all = await Promise.all(turnIds.map((id) => runForActor(turns.getTurn(id), signal)));
    const last = all.at(-1);
    if (last === undefined) throw new InvalidState({ action: 'read the result', state: this.state });
    const text = outputText(last.output);
    let parsed: T | undefined;
    if (options.output !== undefined && last.status === 'completed') {
      parsed = await runForActor(options.output.parse(text), signal);
    }
    return {
      turn: last,
      turns: all,
      text,
      output: last.output,
      parsed,
      status: last.status === 'incomplete' ? 'incomplete' : 'completed',
      usage: sumUsage(all),
      responseId: last.responseId,
    };
  }
}

function rejectedHandle<T>(sendId: string, error: unknown): TurnHandle<T> {
  const result = Promise.reject(error);
  result.catch(() => undefined);
  const queue = new EventQueue<SendEvent>();
  queue.fail(error);
  return { sendId, events: () => queue, result, cancel: () => undefined };
}
