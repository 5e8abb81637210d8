import { Effect } from 'effect';
import { OpenAIError, type OpenAI } from 'openai';
import type { InspectionEvent, Observer } from 'xstate';
import { checkSettings, checkWeftOptions } from './config/check-config.js';
import type { MachineTimers } from './conversation/machine-timers.js';
import {
  createOpenAIResponsesClient,
  type ClientSettings,
} from './client/openai-responses-client.js';
import { Conversation, snapshotKey } from './conversation/conversation.js';
import { ConversationEngine, runForActor, type EngineServices } from './conversation/engine.js';
import { restoreConversation, type RecoveredSnapshot } from './conversation/recover.js';
import { checkPlan } from './conversation/plan.js';
import {
  resolveSettings,
  type ConversationSettings,
  type ResolvedSettings,
} from './conversation/settings.js';
import type {
  Conversation as ConversationRecord,
  ConversationQuery,
  Metadata,
  Page,
} from './domain/conversation.js';
import type { ExecutionStrategyName } from './domain/turn.js';
import { InvalidConfig } from './errors.js';
import { makeMemoryStores } from './memory/memory-stores.js';
import type { ExecutionStrategy } from './ports/execution-strategy.js';
import type { JobStoreShape } from './ports/job-store.js';
import type { ResponsesClientShape } from './ports/responses-client.js';
import { loadSnapshots, type SnapshotStoreShape } from './ports/snapshot-store.js';
import type { TurnStoreShape } from './ports/turn-store.js';
import { systemClock, type ClockShape } from './services/clock.js';
import { randomIds, type IdGeneratorShape } from './services/ids.js';
import { blockingStrategy } from './strategy/blocking.js';
import { resolveTelemetry, type Telemetry, type TelemetryOptions } from './telemetry/telemetry.js';

/** The stores Weft keeps conversations in. */
export interface WeftStores {
  readonly turns: TurnStoreShape;
  readonly jobs?: JobStoreShape | undefined;
  readonly snapshots?: SnapshotStoreShape | undefined;
}

/** Options of {@link createWeft}. */
export interface WeftOptions {
  /**
   * The Responses API endpoint: a ready `ResponsesClient`, an `OpenAI` SDK client, or settings to
   * build one (`baseURL`, `apiKey`, `headers`, `fetch`, `timeoutMs`).
   */
  readonly client: ResponsesClientShape | OpenAI | ClientSettings;
  /** Where turns live. Defaults to in-memory stores (lost when the process exits). */
  readonly store?: WeftStores | undefined;
  /** Extra execution strategies (`stream`, `background`) from the adapter packages. */
  readonly strategies?: Partial<Record<ExecutionStrategyName, ExecutionStrategy>> | undefined;
  /** Settings every conversation starts from. */
  readonly defaults?: Partial<ConversationSettings> | undefined;
  readonly clock?: ClockShape | undefined;
  readonly ids?: IdGeneratorShape | undefined;
  /** Source of jitter for retries; defaults to `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Timers for machine delays (retry back-off); XState's `SimulatedClock` makes them controllable in tests. */
  readonly timers?: MachineTimers | undefined;
  /** XState inspection: receives every machine event and transition of every conversation. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined;
  /**
   * Traces, metrics and logs: `{ tracer, meter, logger, logLevel, recordContent }`. Defaults to the
   * global OpenTelemetry tracer and meter (no-ops without an SDK) and no logs.
   * @see docs/observability.md
   */
  readonly telemetry?: TelemetryOptions | undefined;
}

/** Options of {@link Weft.conversation}. */
export interface NewConversationOptions extends Partial<ConversationSettings> {
  readonly id?: string | undefined;
  readonly title?: string | undefined;
  readonly metadata?: Metadata | undefined;
}

function toClient(client: WeftOptions['client']): ResponsesClientShape {
  if ('provider' in client && 'create' in client && typeof client.create === 'function') {
    return client as ResponsesClientShape;
  }
  if ('responses' in client) return createOpenAIResponsesClient({ client: client as OpenAI });
  try {
    return createOpenAIResponsesClient(client as ClientSettings);
  } catch (error) {
    // The SDK refuses to build a client without a key (none given, none in OPENAI_API_KEY).
    if (error instanceof OpenAIError) {
      throw new InvalidConfig({
        path: 'client.apiKey',
        problem: 'no API key: pass { apiKey } (or a token provider on Bedrock) or set OPENAI_API_KEY',
      });
    }
    throw error;
  }
}

/**
 * The entry point: holds the client, the stores and defaults, and makes conversations.
 *
 * @example
 * ```ts
 * const weft = createWeft({ client: { baseURL: server.baseURL, apiKey: 'local' }, defaults: { model: 'scripted' } });
 * const convo = await weft.conversation();
 * const { text } = await convo.send('Hello').result;
 * ```
 */
export class Weft {
  readonly client: ResponsesClientShape;
  readonly store: {
    readonly turns: TurnStoreShape;
    readonly jobs: JobStoreShape;
    readonly snapshots: SnapshotStoreShape;
  };
  private readonly options: WeftOptions;
  private readonly clock: ClockShape;
  private readonly ids: IdGeneratorShape;
  private readonly live = new Map<string, Conversation>();
  /** What every conversation's engine works with; shared, since none of it is per conversation. */
  private readonly services: EngineServices;
  private readonly makeEngine: (settings: ResolvedSettings) => ConversationEngine;
  /** The resolved tracer, meter and (redacting) logger. */
  readonly telemetry: Telemetry;

  constructor(options: WeftOptions) {
    checkWeftOptions(options);
    this.options = options;
    this.client = toClient(options.client);
    const memory = makeMemoryStores();
    this.store = {
      turns: options.store?.turns ?? memory.turns,
      jobs: options.store?.jobs ?? memory.jobs,
      snapshots: options.store?.snapshots ?? memory.snapshots,
    };
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.telemetry = resolveTelemetry(options.telemetry, knownSecrets(options.client));
    this.services = {
      client: this.client,
      turns: this.store.turns,
      jobs: this.store.jobs,
      clock: this.clock,
      ids: this.ids,
      strategies: { blocking: blockingStrategy(), ...options.strategies },
      random: options.random ?? Math.random,
      telemetry: this.telemetry,
    };
    this.makeEngine = (settings) => new ConversationEngine(this.services, settings);
  }

  /**
   * Starts a new conversation.
   * @throws {StorageError} when the store fails; {@link Conflict} when the id is taken.
   */
  async conversation(options: NewConversationOptions = {}): Promise<Conversation> {
    const { id, title, metadata, ...settings } = options;
    const resolved = this.resolve(settings);
    const record = await this.run(
      this.store.turns.createConversation({
        id: id ?? this.ids.next('conv'),
        title: title ?? null,
        metadata: metadata ?? {},
        createdAt: this.clock.now(),
      }),
    );
    return this.attach(record, resolved, undefined);
  }

  /**
   * Opens a stored conversation, rebuilding its machine from the store. A conversation that was
   * waiting for approvals resumes waiting; a turn cut off by a crash is recorded as interrupted.
   * One that waits (idle, awaiting approval, failed) holds its stored snapshot and starts its actor
   * on first use, so opening thousands costs little more than reading them; nothing is written back.
   * @throws {NotFound} when no such conversation exists.
   */
  async open(id: string, settings: Partial<ConversationSettings> = {}): Promise<Conversation> {
    const resolved = this.resolve(settings);
    const existing = this.live.get(id);
    if (existing !== undefined) await existing.close();
    const { turns, snapshots } = this.store;
    const now = (): number => this.clock.now();
    // One Effect for the reads: opening many stored conversations is mostly this.
    const { record, snapshot } = await this.run(
      snapshots.load(snapshotKey(id)).pipe(Effect.flatMap((stored) => restoreConversation(turns, id, stored, now))),
    );
    return this.attach(record, resolved, snapshot, true);
  }

  /**
   * Opens several stored conversations as {@link Weft.open} does, with their snapshots read in one
   * batch when the snapshot store has `loadMany`. The result lines up with `ids`.
   * @throws {NotFound} when one does not exist (none is opened then); TypeError when an id repeats.
   */
  async openMany(ids: readonly string[], settings: Partial<ConversationSettings> = {}): Promise<Conversation[]> {
    const resolved = this.resolve(settings);
    if (new Set(ids).size !== ids.length) throw new TypeError('openMany: each id may appear once.');
    for (const id of ids) await this.live.get(id)?.close();
    const { turns, snapshots } = this.store;
    const now = (): number => this.clock.now();
    const restored = await this.run(
      loadSnapshots(snapshots, ids.map(snapshotKey)).pipe(
        Effect.flatMap((stored) => Effect.forEach(ids, (id, i) => restoreConversation(turns, id, stored[i], now))),
      ),
    );
    return restored.map(({ record, snapshot }) => this.attach(record, resolved, snapshot, true));
  }

  /**
   * A new conversation whose head is `turnId` (or another conversation's head): a branch that
   * shares every earlier turn.
   */
  async fork(
    from: { readonly turnId: string } | { readonly conversationId: string },
    options: NewConversationOptions = {},
  ): Promise<Conversation> {
    let turnId: string;
    let forkedFrom: string;
    if ('turnId' in from) {
      turnId = from.turnId;
      const turn = await this.run(this.store.turns.getTurn(turnId));
      forkedFrom = turn.conversationId;
    } else {
      const source = await this.run(this.store.turns.getConversation(from.conversationId));
      if (source.headTurnId === null) return this.conversation(options);
      turnId = source.headTurnId;
      forkedFrom = source.id;
    }
    const { id, title, metadata, ...settings } = options;
    const resolved = this.resolve(settings);
    const record = await this.run(
      this.store.turns.fork({
        turnId,
        conversation: {
          id: id ?? this.ids.next('conv'),
          title: title ?? null,
          metadata: metadata ?? {},
          forkedFrom,
          createdAt: this.clock.now(),
        },
      }),
    );
    return this.attach(record, resolved, undefined);
  }

  /** Lists stored conversations, newest first. */
  list(query: ConversationQuery = {}): Promise<Page<ConversationRecord>> {
    return this.run(this.store.turns.listConversations(query));
  }

  /** Stops every live conversation machine and waits for their snapshot writes. */
  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((c) => c.close()));
    this.live.clear();
  }

  /**
   * Merges settings over the defaults and checks them against the endpoint's profile.
   * @throws {Unsupported} when the endpoint cannot run the plan; {InvalidConfig} for a wrong or missing setting.
   */
  private resolve(settings: Partial<ConversationSettings>): ResolvedSettings {
    checkSettings(settings, 'settings');
    const merged = { ...this.options.defaults, ...settings };
    if (merged.model === undefined) {
      throw new InvalidConfig({
        path: 'model',
        problem: 'a model is required: pass { model } to createWeft({ defaults }) or to conversation()',
      });
    }
    const resolved = resolveSettings({ ...merged, model: merged.model });
    const refused = checkPlan(resolved, this.client.profile, this.options.strategies?.[resolved.execution]);
    if (refused !== undefined) throw refused;
    return resolved;
  }

  private attach(
    record: ConversationRecord,
    resolved: ResolvedSettings,
    snapshot: RecoveredSnapshot | undefined,
    stored = false,
  ): Conversation {
    const convo = new Conversation({
      record,
      settings: resolved,
      engine: this.makeEngine,
      stored,
      snapshot,
      snapshots: this.store.snapshots,
      inspect: this.options.inspect,
      timers: this.options.timers,
      clock: this.clock,
    });
    this.live.set(record.id, convo);
    return convo;
  }

  private run<A, E>(effect: Effect.Effect<A, E>): Promise<A> {
    return runForActor(effect, new AbortController().signal);
  }
}

/** Credentials named in the client options, so logs can never repeat them. */
function knownSecrets(client: WeftOptions['client']): string[] {
  const secrets: string[] = [];
  const apiKey = (client as { apiKey?: unknown }).apiKey;
  if (typeof apiKey === 'string') secrets.push(apiKey);
  const headers = (client as { headers?: unknown }).headers;
  if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' && /auth|key|token|secret|cookie|session|credential|signature/i.test(name)) secrets.push(value);
    }
  }
  return secrets;
}

/** Creates a {@link Weft}. */
export function createWeft(options: WeftOptions): Weft {
  return new Weft(options);
}
