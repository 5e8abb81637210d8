/**
 * `@weft/store-postgres`: the Weft turn tree, leased jobs, snapshots and stream events in
 * PostgreSQL (node-postgres + drizzle-orm, migrations applied on open or ahead of time), for many
 * workers on many hosts.
 *
 * @module
 */
export {
  openPostgresStore,
  makePostgresStore,
  migratePostgresStore,
  checkPostgresMigrations,
  postgresStoreDefaults,
  type PostgresMigrationOptions,
  type PostgresMigrationReport,
  type PostgresStore,
  type PostgresStoreOptions,
} from './open-postgres-store.js';
export type { PostgresJobStore } from './job-store.js';
export {
  runMigrateCommand,
  databaseUrlVariable,
  type MigrateCommandInput,
  type MigrateCommandOutcome,
} from './migrate-command.js';
export { layer } from './layer.js';
export {
  relayTurnEvents,
  type RelayTurnEventsOptions,
  type TurnEventRelay,
  type TurnEventSink,
} from './turn-event-relay.js';
