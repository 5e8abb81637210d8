import type { TurnParams } from '../domain/items.js';
import type { ContextStrategyName, ExecutionStrategyName } from '../domain/turn.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import type { Tool } from '../tools/define-tool.js';
import type { OutputSchema } from '../structured/output-schema.js';

/** How a conversation calls the model. Everything but `model` has a default. */
export interface ConversationSettings {
  /** The model id, e.g. `gpt-5.4` or `openai.gpt-oss-120b` on Bedrock. */
  readonly model: string;
  readonly instructions?: string | undefined;
  /** Other request parameters (temperature, reasoning, store, max_output_tokens, metadata, …). */
  readonly params?: Partial<Omit<TurnParams, 'model' | 'instructions' | 'tools' | 'input'>> | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
  readonly tools?: readonly Tool<any>[] | undefined;
  /** `server` (default), `local` or `conversation`. */
  readonly contextStrategy?: ContextStrategyName | undefined;
  /** `blocking` (default), or `stream`/`background` when their adapter is installed. */
  readonly execution?: ExecutionStrategyName | undefined;
  /** Bound on model→tools→model rounds in one send (default 8). */
  readonly maxToolRounds?: number | undefined;
  /** How many tool handlers run at once (default 4). */
  readonly toolConcurrency?: number | undefined;
  /** How many times an invalid structured output is sent back for correction (default 0). */
  readonly maxCorrections?: number | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Limit for one model call (default: none beyond the SDK's). */
  readonly timeoutMs?: number | undefined;
}

/** Options of one `send`. */
export interface SendOptions<T = unknown> {
  /** Structured output: the reply must match this schema; `result.parsed` is typed. */
  readonly output?: OutputSchema<T> | undefined;
  /** Parameter overrides for this send only. */
  readonly params?: Partial<Omit<TurnParams, 'input'>> | undefined;
  /** Aborting cancels the turn and its HTTP request. */
  readonly signal?: AbortSignal | undefined;
}

/** Settings with defaults applied. */
export interface ResolvedSettings extends ConversationSettings {
  readonly contextStrategy: ContextStrategyName;
  readonly execution: ExecutionStrategyName;
  readonly maxToolRounds: number;
  readonly toolConcurrency: number;
  readonly maxCorrections: number;
}

/** Applies defaults. */
export function resolveSettings(settings: ConversationSettings): ResolvedSettings {
  return {
    ...settings,
    contextStrategy: settings.contextStrategy ?? 'server',
    execution: settings.execution ?? 'blocking',
    maxToolRounds: settings.maxToolRounds ?? 8,
    toolConcurrency: settings.toolConcurrency ?? 4,
    maxCorrections: settings.maxCorrections ?? 0,
  };
}
