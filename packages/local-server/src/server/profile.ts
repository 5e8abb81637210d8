import type { FrameStyle } from '../sse/encode.js';

/**
 * Which service the server imitates.
 * - `openai`: api.openai.com — `/v1`, event-first frames, random `obfuscation` on deltas.
 * - `mantle`: Bedrock mantle — `/v1` (GPT-OSS style: float `created_at`) and `/openai/v1` (GPT-5.x
 *   style: `call_0` ids restart per response); data-first frames; `obfuscation: ""`.
 * - `runtime`: bedrock-runtime — `/openai/v1`, synchronous and stateless: no background, no
 *   `previous_response_id`, no retrieval, no conversations.
 */
export type Profile = 'openai' | 'mantle' | 'runtime';

/** All profiles. */
export const PROFILES: readonly Profile[] = ['openai', 'mantle', 'runtime'];

/** How one mounted route prefix behaves. */
export interface RouteFlavor {
  readonly profile: Profile;
  readonly prefix: '/v1' | '/openai/v1';
  readonly style: FrameStyle;
  readonly reuseCallIds: boolean;
  /** `random`: OpenAI-style padding; `empty`: mantle's `""`. */
  readonly obfuscation: 'random' | 'empty';
  /** Encrypted-only reasoning items carry `content: []` (OpenAI) or not (mantle). */
  readonly emptyReasoningContent: boolean;
  /** bedrock-runtime keeps no server-side state. */
  readonly stateless: boolean;
  readonly sseContentType: string;
}

const OPENAI_STYLE: FrameStyle = { dataFirst: false, omitSequenceNumber: false, floatCreatedAt: false };

/** The route prefixes a profile mounts, first one = the base URL's. */
export function flavorsOf(profile: Profile): readonly RouteFlavor[] {
  switch (profile) {
    case 'openai':
      return [
        {
          profile,
          prefix: '/v1',
          style: OPENAI_STYLE,
          reuseCallIds: false,
          obfuscation: 'random',
          emptyReasoningContent: true,
          stateless: false,
          sseContentType: 'text/event-stream; charset=utf-8',
        },
      ];
    case 'mantle': {
      const common = {
        profile,
        obfuscation: 'empty',
        emptyReasoningContent: false,
        stateless: false,
        sseContentType: 'text/event-stream',
      } as const;
      return [
        { ...common, prefix: '/v1', style: { dataFirst: true, omitSequenceNumber: false, floatCreatedAt: true }, reuseCallIds: false },
        { ...common, prefix: '/openai/v1', style: { dataFirst: true, omitSequenceNumber: false, floatCreatedAt: false }, reuseCallIds: true },
      ];
    }
    case 'runtime':
      return [
        {
          profile,
          prefix: '/openai/v1',
          style: OPENAI_STYLE,
          reuseCallIds: false,
          obfuscation: 'random',
          emptyReasoningContent: true,
          stateless: true,
          sseContentType: 'text/event-stream',
        },
      ];
  }
}
