import type { ContextStrategyName, Turn, TurnFallback } from '../domain/turn.js';

/**
 * The context strategy a new turn will really use, given its parent. `server` needs a parent the
 * server stored; without one it falls back to `local`, and the reason is recorded on the turn.
 */
export function effectiveStrategy(
  requested: ContextStrategyName,
  parent: Turn | undefined,
  fallback: TurnFallback | null,
  serverState = true,
  providerName = 'this endpoint',
): { strategy: ContextStrategyName; fallback: TurnFallback | null } {
  if (fallback !== null) return { strategy: fallback.to, fallback };
  if (requested === 'server' && !serverState) {
    return {
      strategy: 'local',
      fallback: {
        from: 'server',
        to: 'local',
        reason: `${providerName} keeps no server-side state (no previous_response_id), so local context is used from the start`,
      },
    };
  }
  if (requested !== 'server' || parent === undefined) return { strategy: requested, fallback: null };
  if (parent.request.params.store === false) {
    return {
      strategy: 'local',
      fallback: {
        from: 'server',
        to: 'local',
        reason: 'the previous turn was sent with store: false, so the server kept nothing to chain from',
      },
    };
  }
  if (parent.responseId === null) {
    return {
      strategy: 'local',
      fallback: { from: 'server', to: 'local', reason: 'the previous turn has no response id on the server' },
    };
  }
  return { strategy: 'server', fallback: null };
}
