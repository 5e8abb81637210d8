import { Effect, Exit, Cause } from 'effect';
import { fromCallback, fromPromise } from 'xstate';
import { assembleRequest } from '../context/assemble-request.js';
import { ChainCache } from '../context/chain-cache.js';
import { effectiveStrategy } from '../context/effective-strategy.js';
import type { TurnEvent } from '../domain/events.js';
import type { InputItem, ResponseObject, TurnParams } from '../domain/items.js';
import type { ExecutionStrategyName, Turn } from '../domain/turn.js';
import type { Conversation } from '../domain/conversation.js';
import { StorageError, Unsupported, isCoreError } from '../errors.js';
import { conversationMachine, toTurnError } from '../machine/conversation-machine.js';
import type {
  ConversationEvent,
  MarkCancelledInput,
  PrepareInput,
  RunInput,
  ToolsInput,
} from '../machine/machine-types.js';
import type { ExecutionStrategy } from '../ports/execution-strategy.js';
import type { JobStoreShape } from '../ports/job-store.js';
import type { ResponsesClientShape } from '../ports/responses-client.js';
import type { TurnStoreShape } from '../ports/turn-store.js';
import { decideRetry, resolveRetryPolicy } from '../retry/retry-policy.js';
import type { ClockShape } from '../services/clock.js';
import type { IdGeneratorShape } from '../services/ids.js';
import { rejectionOutput } from '../tools/approvals.js';
import { toolDefinitionsFor } from '../tools/tool-definitions.js';
import { runToolCalls } from '../tools/run-tool-calls.js';
import { checkPlan } from './plan.js';
import { ConversationTelemetry } from '../telemetry/conversation-telemetry.js';
import { resolveTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import type { ResolvedSettings, SendOptions } from './settings.js';
import type { HandOffContext } from '../strategy/event-hand-off.js';
import { runOutcome, settledOutcome } from './run-outcome.js';
import { markTurnCancelled } from './mark-cancelled.js';
import { functionCalls, onlyHeadRefused, runForActor, turnResultOf } from './turn-helpers.js';

export { outputText, runForActor } from './turn-helpers.js';

/** The services one conversation's actors work with. */
export interface EngineServices {
  readonly client: ResponsesClientShape;
  readonly turns: TurnStoreShape;
  readonly jobs: JobStoreShape | undefined;
  readonly clock: ClockShape;
  readonly ids: IdGeneratorShape;
  readonly strategies: Readonly<Partial<Record<ExecutionStrategyName, ExecutionStrategy>>>;
  readonly random: () => number;
  /** Tracer, meter and logger; defaults to the global OpenTelemetry ones and no logs. */
  readonly telemetry?: Telemetry | undefined;
}

/**
 * Binds the conversation machine's actors to real services for one conversation. Send-scoped
 * options (structured output schemas, parameter overrides) live here, keyed by send id, because
 * the machine's context holds JSON only.
 */
export class ConversationEngine {
  readonly sendOptions = new Map<string, SendOptions<unknown>>();
  /** Backpressure from the conversation's readers; set by `Conversation`. */
  capacity: () => Promise<void> | undefined = () => undefined;
  /**
   * Hands a run's turn event straight to its send's reader; set by `Conversation`. Turn events
   * change neither the machine's state nor its context, so they do not pass through the machine.
   */
  deliver: (sendId: string, event: TurnEvent) => void = () => undefined;
  /** The real error object behind a send's failure, so callers get the tagged error class. */
  readonly sendErrors = new Map<string, unknown>();
  /** Spans, metrics and logs of this conversation's sends, turns and tool calls. */
  readonly telemetry: ConversationTelemetry;
  /** The last local-context chain, so each turn reads only what it does not already have. */
  private readonly chains = new ChainCache();
  /** What `prepare` just stored and read, so `run` need not read it back (one turn runs at a time). */
  private prepared: { readonly turn: Turn; readonly conversation: Conversation; readonly parent: Turn | undefined } | undefined;

  constructor(
    readonly services: EngineServices,
    private settings: ResolvedSettings,
  ) {
    this.telemetry = new ConversationTelemetry(services.telemetry ?? resolveTelemetry(), services.clock);
  }

  /** Replaces the conversation's settings (model, tools, …) for turns that have not started. */
  updateSettings(settings: ResolvedSettings): void {
    this.settings = settings;
  }

  get currentSettings(): ResolvedSettings {
    return this.settings;
  }

  /** The machine with this engine's actors bound. */
  machine(): typeof conversationMachine {
    return conversationMachine.provide({
      actors: {
        prepareTurn: fromPromise<{ turnId: string }, PrepareInput>(({ input, signal }) =>
          runForActor(this.prepare(input).pipe(Effect.tapError((e) => this.keepError(input.sendId, e))), signal),
        ),
        runTurn: fromCallback<ConversationEvent, RunInput>(({ input, sendBack }) => {
          const controller = new AbortController();
          const sendId = input.sendId;
          // Synchronous, before the run's outcome is sent back: no event can follow `finished`. A
          // stopped run says nothing more, as the machine ignores a stopped actor.
          const emit = (event: TurnEvent): void => {
            if (sendId !== null && !controller.signal.aborted) this.deliver(sendId, event);
          };
          void Effect.runPromiseExit(this.run(input, emit), { signal: controller.signal }).then(
            (exit) => {
              if (controller.signal.aborted) return;
              if (Exit.isSuccess(exit)) {
                sendBack(exit.value);
              } else {
                sendBack({
                  type: 'run.error',
                  failure: {
                    turnId: input.turnId,
                    error: toTurnError(Cause.squash(exit.cause)),
                    retryDelayMs: null,
                    fallbackReason: null,
                  },
                });
              }
            },
          );
          return () => controller.abort();
        }),
        runTools: fromPromise<{ outputs: InputItem[] }, ToolsInput>(({ input, signal }) =>
          runForActor(this.tools(input, signal).pipe(Effect.tapError((e) => this.keepError(input.sendId, e))), signal),
        ),
        markCancelled: fromPromise<void, MarkCancelledInput>(({ input, signal }) =>
          runForActor(markTurnCancelled(this.services, input), signal),
        ),
      },
    });
  }

  /** Keeps the real error object of a send so its caller gets the tagged class, not a record. */
  private keepError(sendId: string | null, error: unknown): Effect.Effect<void> {
    return Effect.sync(() => {
      if (sendId !== null) this.sendErrors.set(sendId, error);
    });
  }

  private turnParams(sendId: string | null): TurnParams {
    const s = this.settings;
    const options = sendId === null ? undefined : this.sendOptions.get(sendId);
    const tools = s.tools !== undefined && s.tools.length > 0 ? toolDefinitionsFor(s.tools) : undefined;
    const params: Record<string, unknown> = {
      ...s.params,
      model: s.model,
      ...(s.instructions !== undefined ? { instructions: s.instructions } : {}),
      ...(tools !== undefined ? { tools } : {}),
      ...(options?.output !== undefined
        ? { text: { ...s.params?.text, format: options.output.textFormat } }
        : {}),
      ...options?.params,
    };
    return params as TurnParams;
  }

  /** Stores the next turn (status pending) with the strategy it will really use. */
  private prepare(input: PrepareInput): Effect.Effect<{ turnId: string }, unknown> {
    const { turns, client, clock, ids } = this.services;
    return Effect.gen({ self: this }, function* () {
      this.prepared = undefined;
      let conversation = yield* turns.getConversation(input.conversationId);
      const parent = input.parentId === null ? undefined : yield* turns.getTurn(input.parentId);
      const params = this.turnParams(input.sendId);
      const profile = client.profile;
      const refused = checkPlan(
        { contextStrategy: input.contextStrategy, execution: input.executionStrategy },
        profile,
        this.services.strategies[input.executionStrategy],
      );
      if (refused !== undefined) return yield* refused;
      const decided = effectiveStrategy(
        input.contextStrategy,
        parent,
        input.fallback,
        profile?.capabilities.previousResponseId ?? true,
        profile?.name,
      );
      if (decided.strategy === 'conversation' && conversation.serverConversationId === null) {
        const created = yield* client.createConversation({});
        conversation = yield* turns.updateConversation(conversation.id, {
          serverConversationId: created.id,
          updatedAt: clock.now(),
        });
      }
      const turn = yield* turns.beginTurn({
        id: ids.next('turn'),
        conversationId: input.conversationId,
        parentId: input.parentId,
        request: { input: input.input, params },
        contextStrategy: decided.strategy,
        executionStrategy: input.executionStrategy,
        fallback: decided.fallback,
        createdAt: clock.now(),
      });
      this.prepared = { turn, conversation, parent };
      return { turnId: turn.id };
    });
  }

  /** Sends a stored turn, records its end, moves the head, and reports the outcome. */
  private run(
    input: RunInput,
    emit: (event: TurnEvent) => void,
  ): Effect.Effect<ConversationEvent, never> {
    const { turns, clock } = this.services;
    const traced = this.telemetry.turn(input);
    const attempt = Effect.gen({ self: this }, function* () {
      // Right after prepare, what it stored is current; a recovered or retried run reads the store.
      const ready = this.prepared?.turn.id === input.turnId ? this.prepared : undefined;
      this.prepared = undefined;
      const turn = ready?.turn ?? (yield* turns.getTurn(input.turnId));
      traced.describe(turn);
      // Stored as ended by a process that stopped before its conversation noted it: never re-send.
      if (turn.status === 'completed' || turn.status === 'incomplete') {
        const schema = input.sendId === null ? undefined : this.sendOptions.get(input.sendId)?.output;
        const outcome = yield* settledOutcome(turns, clock.now(), input, turn, this.settings.tools ?? [], schema);
        return { type: 'run.done', outcome } as const;
      }
      const conversation = ready?.conversation ?? (yield* turns.getConversation(input.conversationId));
      // Server and conversation context send only this turn's input: the parent is all they need.
      const ancestors =
        turn.parentId === null
          ? []
          : turn.contextStrategy === 'local'
            ? (this.chains.chainTo(turn.parentId) ?? (yield* turns.readChain(turn.parentId)))
            : [ready?.parent ?? (yield* turns.getTurn(turn.parentId))];
      const { params } = assembleRequest({ turn, ancestors, conversation });
      const strategy = this.services.strategies[input.executionStrategy];
      if (strategy === undefined) {
        return yield* new Unsupported({
          feature: `${input.executionStrategy} execution`,
          provider: this.services.client.provider,
          hint: `install and pass the ${input.executionStrategy} adapter to createWeft({ strategies })`,
        });
      }
      const report = traced.emit(emit);
      let handed: readonly TurnEvent[] = [];
      const context: HandOffContext = {
        turnId: turn.id,
        conversationId: conversation.id,
        client: traced.client(this.services.client),
        store: turns,
        jobs: this.services.jobs,
        now: () => clock.now(),
        emit: report,
        timeoutMs: this.settings.timeoutMs,
        capacity: () => this.capacity(),
        handOff: (events) => void (handed = events),
      };
      const startedAt = clock.now();
      const response = yield* strategy.run(params, context);
      const ended = yield* this.finish(input, turn, response, handed, report, startedAt);
      if (turn.contextStrategy === 'local') this.chains.extend(ancestors, ended.turn);
      return ended.event;
    });
    return attempt.pipe(
      Effect.catch((error: unknown) => this.failure(input, error)),
      Effect.tap((event) => Effect.sync(() => traced.end(event))),
      Effect.onInterrupt(() => Effect.sync(() => traced.interrupted())),
    );
  }

  /**
   * Ends the turn in one write (its result, the events a strategy handed over, the head's move),
   * then reports the handed events: they are stored before anyone sees them.
   */
  private finish(
    input: RunInput,
    turn: Turn,
    response: ResponseObject,
    handed: readonly TurnEvent[],
    report: (event: TurnEvent) => void,
    startedAt: number,
  ): Effect.Effect<{ readonly event: ConversationEvent; readonly turn: Turn }, unknown> {
    const { turns, clock } = this.services;
    return Effect.gen({ self: this }, function* () {
      const result = turnResultOf(response, clock.now(), startedAt);
      const { status, error } = result;
      const at = clock.now();
      // Only an answer moves the head: a failed response stays in the tree, off the path.
      const answered = status !== 'failed';
      const finished = yield* Effect.exit(
        turns.finishTurn({
          turnId: turn.id,
          result,
          events: handed.map((event) => ({ event, at })),
          head: answered
            ? { conversationId: input.conversationId, expectedVersion: input.expectedVersion, at }
            : undefined,
        }),
      );
      // A head that cannot move still leaves the turn and its events stored: report them either way.
      if (Exit.isSuccess(finished) || onlyHeadRefused(Cause.squash(finished.cause))) {
        for (const event of handed) report(event);
      }
      const { turn: ended, conversation: moved } = yield* finished;
      if (answered && moved === null) {
        return yield* new StorageError({
          operation: 'finishTurn',
          detail: 'the store moved the head but returned no conversation; it breaks the TurnStore contract',
        });
      }
      const outcome = yield* runOutcome({
        turnId: turn.id,
        responseId: response.id,
        status,
        output: response.output,
        error,
        version: moved?.version ?? input.expectedVersion,
        tools: this.settings.tools ?? [],
        schema: input.sendId === null ? undefined : this.sendOptions.get(input.sendId)?.output,
      });
      return { event: { type: 'run.done', outcome } as const, turn: ended };
    });
  }

  /** Records a failed attempt on its turn and decides between fallback, retry and failure. */
  private failure(input: RunInput, error: unknown): Effect.Effect<ConversationEvent, never> {
    const { turns, clock } = this.services;
    const turnError = toTurnError(error);
    const tag = turnError.tag;
    if (input.sendId !== null) this.sendErrors.set(input.sendId, error);
    return Effect.gen({ self: this }, function* () {
      const turn = yield* Effect.option(turns.getTurn(input.turnId));
      const partialOutput = turn._tag === 'Some' ? turn.value.output : [];
      const cancelled = tag === 'Cancelled';
      const open = turn._tag === 'Some' && (turn.value.status === 'pending' || turn.value.status === 'in_progress');
      if (open) yield* Effect.ignore(
        turns.completeTurn(input.turnId, {
          status: cancelled ? 'cancelled' : 'failed',
          responseId: turn._tag === 'Some' ? turn.value.responseId : null,
          output: partialOutput,
          usage: null,
          completedAt: clock.now(),
          error: turnError,
          partial: partialOutput.length > 0,
        }),
      );
      const usedServer = turn._tag === 'Some' && turn.value.contextStrategy === 'server';
      const fallbackReason =
        tag === 'PreviousResponseNotFound' && usedServer
          ? 'the server answered previous_response_not_found (the previous response expired or was deleted)'
          : null;
      let retryDelayMs: number | null = null;
      if (fallbackReason === null && isCoreError(error)) {
        const decision = decideRetry(
          error,
          input.attempt + 1,
          resolveRetryPolicy(this.settings.retry),
          this.services.random,
        );
        if (decision.retry) retryDelayMs = decision.delayMs;
      }
      return {
        type: 'run.error',
        failure: { turnId: input.turnId, error: turnError, retryDelayMs, fallbackReason },
      } as const;
    });
  }

  /** Runs the head turn's function calls (approved ones only) and returns their outputs. */
  private tools(input: ToolsInput, signal: AbortSignal): Effect.Effect<{ outputs: InputItem[] }, unknown> {
    const { turns } = this.services;
    return Effect.gen({ self: this }, function* () {
      const turn = yield* turns.getTurn(input.turnId);
      const calls = functionCalls(turn.output);
      const rejected = new Map<string, string>();
      for (const [callId, decision] of Object.entries(input.decisions)) {
        if (!decision.approved) rejected.set(callId, decision.reason ?? 'rejected by a person');
      }
      const toRun = calls.filter((c) => !rejected.has(c.call_id));
      const ran = yield* runToolCalls(toRun, this.settings.tools ?? [], {
        concurrency: this.settings.toolConcurrency,
        signal,
        turnId: turn.id,
        conversationId: input.conversationId,
        wrapCall: this.telemetry.toolWrapper(input.sendId, turn.id, input.conversationId),
      });
      const byCall = new Map<string, InputItem>();
      toRun.forEach((call, i) => {
        const item = ran.items[i];
        if (item !== undefined) byCall.set(call.call_id, item);
      });
      const outputs = calls.map(
        (call) => byCall.get(call.call_id) ?? rejectionOutput(call, rejected.get(call.call_id) ?? 'rejected'),
      );
      return { outputs };
    });
  }
}
