import { TimeLimitExceeded } from '../time-limit.js';

/** How a fuzz case ended. */
export type CaseOutcome =
  | { readonly kind: 'handled' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'crash'; readonly signature: string; readonly detail: string };

/** True for Weft's typed errors (Effect tagged errors from core, workflow, store, …). */
export function isTypedError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    '_tag' in error &&
    typeof (error as { _tag: unknown })._tag === 'string'
  );
}

/** Sorts what a case threw: typed error = handled, time limit = hang, anything else = crash. */
export function classifyThrown(error: unknown): CaseOutcome {
  if (error instanceof TimeLimitExceeded) return { kind: 'hang' };
  if (isTypedError(error)) return { kind: 'handled' };
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? '';
  return {
    kind: 'crash',
    // Values from the input vary per case: the signature is the message's start without numbers.
    signature: `${name}: ${first.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, '#').slice(0, 52)}`,
    detail: `${name}: ${first.slice(0, 300)}`,
  };
}
