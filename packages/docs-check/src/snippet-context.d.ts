/**
 * Names the documentation's fragments may use without declaring them: what a reader has from the
 * surrounding text (a running local server, a Weft, a store, …). A block that declares one of
 * these itself shadows it. Keep this list short; a block that needs more should set it up itself.
 */
import type { Weft, ResponsesClientShape, Tool } from '@weft/core';
import type { LocalServer } from '@weft/local-server';
import type { SqliteStore } from '@weft/store-sqlite';

declare global {
  /** A running `@weft/local-server`. */
  const server: LocalServer;
  /** A Weft over the local server. */
  const weft: Weft;
  /** An open SQLite store. */
  const store: SqliteStore;
  /** Tools of the application. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const tools: readonly Tool<any>[];
  /** Another Responses endpoint (a second model, a candidate deployment). */
  const otherEndpoint: ResponsesClientShape;
}
