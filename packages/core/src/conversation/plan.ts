import type { ContextStrategyName, ExecutionStrategyName } from '../domain/turn.js';
import { Unsupported } from '../errors.js';
import type { ExecutionStrategy } from '../ports/execution-strategy.js';
import { openAIProfile, type ProviderProfile } from '../ports/provider-profile.js';

/**
 * Checks a conversation's strategies against what the endpoint supports, before any request.
 * Returns the error to raise, or undefined when the plan is legal. A `server` context strategy on
 * an endpoint without server state is legal: it runs as `local` (see {@link effectiveStrategy}).
 */
export function checkPlan(
  plan: { readonly contextStrategy: ContextStrategyName; readonly execution: ExecutionStrategyName },
  profile: ProviderProfile | undefined,
  strategy?: ExecutionStrategy | undefined,
): Unsupported | undefined {
  const p = profile ?? openAIProfile;
  const c = p.capabilities;
  const overruled = strategy?.supports?.(p) === true;
  if (plan.execution === 'background' && !c.background && !overruled) {
    return new Unsupported({
      feature: 'background execution',
      provider: p.name,
      hint: c.stream
        ? "use execution: 'stream' (or 'blocking'); the turn then lives only as long as this process"
        : "use execution: 'blocking'",
    });
  }
  if (plan.execution === 'stream' && !c.stream && !overruled) {
    return new Unsupported({ feature: 'streaming', provider: p.name, hint: "use execution: 'blocking'" });
  }
  if (plan.contextStrategy === 'conversation' && !c.conversations) {
    return new Unsupported({
      feature: 'the Conversations API',
      provider: p.name,
      hint: "use contextStrategy: 'local' (Weft sends the history itself)",
    });
  }
  return undefined;
}
