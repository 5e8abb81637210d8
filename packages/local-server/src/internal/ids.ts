import { ALPHANUMERIC, BASE32_LOWER, createPrng, randomChars, randomHex } from './prng.js';

/** What an id names; the default source shapes each kind like the real service does. */
export type IdKind =
  | 'response'
  | 'message'
  | 'function_call'
  | 'function_call_output'
  | 'reasoning'
  | 'call'
  | 'conversation'
  | 'item'
  | 'request';

/** Where the server gets ids from. Inject one for fixed ids; the default is seeded and reproducible. */
export interface IdSource {
  /** The next id of this kind, prefix included (`resp_…`, `msg_…`, `call_…`). */
  next(kind: IdKind): string;
}

/** Id shapes: `openai` = `resp_` + 50 hex; `mantle` = `resp_` + 52 base32 and 32-hex item ids. */
export type IdStyle = 'openai' | 'mantle';

/**
 * Ids shaped like the real ones, drawn from a seeded generator: the same seed gives the same ids in
 * the same order.
 *
 * @example
 * const ids = createSeededIdSource(42);
 * ids.next('response'); // 'resp_…' (50 hex characters)
 * @since 0.1.0
 */
export function createSeededIdSource(seed: number | string, style: IdStyle = 'openai'): IdSource {
  const prng = createPrng(`ids:${String(seed)}`);
  const itemHex = style === 'mantle' ? 32 : 50;
  return {
    next(kind) {
      switch (kind) {
        case 'response':
          return style === 'mantle'
            ? `resp_${randomChars(prng, 52, BASE32_LOWER)}`
            : `resp_${randomHex(prng, 50)}`;
        case 'message':
          return `msg_${randomHex(prng, itemHex)}`;
        case 'function_call':
          return `fc_${randomHex(prng, itemHex)}`;
        case 'function_call_output':
          return `fco_${randomHex(prng, itemHex)}`;
        case 'reasoning':
          return `rs_${randomHex(prng, itemHex)}`;
        case 'call':
          return `call_${randomChars(prng, 24, ALPHANUMERIC)}`;
        case 'conversation':
          return `conv_${randomHex(prng, 48)}`;
        case 'item':
          return `item_${randomHex(prng, itemHex)}`;
        case 'request':
          return `req_${randomHex(prng, 32)}`;
      }
    },
  };
}
