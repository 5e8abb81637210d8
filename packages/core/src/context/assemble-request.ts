import type { Conversation } from '../domain/conversation.js';
import type { ContextStrategyName, Turn, TurnFallback } from '../domain/turn.js';
import type { CreateParams } from '../ports/responses-client.js';
import { chainToInputItems } from './chain-items.js';

/** What the request of a turn needs: the turn itself, its ancestors, and the conversation. */
export interface AssembleInput {
  readonly turn: Turn;
  /** The chain from the root to the turn's parent (empty for a root turn). */
  readonly ancestors: readonly Turn[];
  readonly conversation: Conversation;
}

/** The request to send, and the strategy that was actually used. */
export interface AssembledRequest {
  readonly params: CreateParams;
  readonly contextStrategy: ContextStrategyName;
  /** Set when the assembly itself had to fall back (e.g. the parent was never stored on the server). */
  readonly fallback: TurnFallback | null;
}

/**
 * Builds the Responses API request for a stored turn under its context strategy.
 *
 * - `server`: `previous_response_id` = the parent's response id; only this turn's input is sent.
 *   Falls back to `local` when the parent has no id or was created with `store: false`.
 * - `local`: the whole chain's items are sent; works with `store: false` and stateless servers.
 * - `conversation`: the server conversation id is sent; only this turn's input.
 *
 * Pure: the same stored turns always give the same request, so a machine rebuilt from the store
 * sends exactly what the original would have.
 */
export function assembleRequest({ turn, ancestors, conversation }: AssembleInput): AssembledRequest {
  const { params } = turn.request;
  const ownInput = [...turn.request.input];
  const parent = ancestors.at(-1);
  const strategy = turn.contextStrategy;

  if (strategy === 'conversation') {
    if (conversation.serverConversationId === null) {
      throw new Error('conversation strategy needs a server conversation id before assembly');
    }
    return {
      params: { ...params, input: ownInput, conversation: conversation.serverConversationId },
      contextStrategy: 'conversation',
      fallback: null,
    };
  }

  if (strategy === 'server' && parent !== undefined) {
    const parentStored = parent.request.params.store !== false;
    if (parent.responseId !== null && parentStored) {
      return {
        params: { ...params, input: ownInput, previous_response_id: parent.responseId },
        contextStrategy: 'server',
        fallback: null,
      };
    }
    return {
      params: withEncryptedReasoning({
        ...params,
        input: [...chainToInputItems(ancestors), ...ownInput],
      }),
      contextStrategy: 'local',
      fallback: {
        from: 'server',
        to: 'local',
        reason: parentStored
          ? 'the previous turn has no response id on the server'
          : 'the previous turn was sent with store: false, so the server kept nothing to chain from',
      },
    };
  }

  if (strategy === 'server') {
    return { params: { ...params, input: ownInput }, contextStrategy: 'server', fallback: null };
  }

  return {
    params: withEncryptedReasoning({
      ...params,
      input: [...chainToInputItems(ancestors), ...ownInput],
    }),
    contextStrategy: 'local',
    fallback: null,
  };
}

/**
 * With `store: false` the server keeps no reasoning items, so they must travel back as
 * `encrypted_content`; ask for it.
 */
function withEncryptedReasoning(params: CreateParams): CreateParams {
  if (params.store !== false) return params;
  const include = params.include ?? [];
  if (include.includes('reasoning.encrypted_content')) return params;
  return { ...params, include: [...include, 'reasoning.encrypted_content'] };
}
