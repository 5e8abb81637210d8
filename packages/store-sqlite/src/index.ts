/**
 * `@weft/store-sqlite`: the Weft turn tree, jobs, snapshots and stream events in one SQLite file
 * (better-sqlite3 + drizzle-orm, migrations applied on open).
 *
 * @module
 */
export {
  openSqliteStore,
  makeSqliteStore,
  defaultBusyTimeoutMs,
  type SqliteStore,
  type SqliteStoreOptions,
} from './open-sqlite-store.js';
export { layer } from './layer.js';
export type { SearchTurns, TurnSearchHit, TurnSearchOptions } from './search-turns.js';
export type { ExportJsonl, ExportOptions, ImportJsonl, ImportSummary } from './jsonl-transfer.js';
export { jsonlFormat, jsonlVersion, type JsonlHeader, type JsonlRecord } from './jsonl-format.js';
