/**
 * `@contexten/storage-postgres`: a durable `EventStore` and `WorkflowStore` for contexten
 * on PostgreSQL (through `pg`) or embedded PGlite.
 *
 * @packageDocumentation
 */

export type { StoreLogger } from "./client/error-logger";
export {
  fromPgClient,
  fromPgPool,
  type PgClientLike,
  type PgErrorEvents,
  type PgPoolClientLike,
  type PgPoolLike,
  type PgQueryable,
  type PgQueryResultLike,
} from "./client/pg-clients";
export {
  fromPGlite,
  type PGliteLike,
  type PGliteResultLike,
  type PGliteTransactionLike,
} from "./client/pglite-client";
export type { SqlClient, SqlExecutor, SqlResult } from "./client/sql-client";
export {
  type PostgresClientInput,
  type ToSqlClientOptions,
  toSqlClient,
} from "./client/to-sql-client";
export { MIGRATIONS } from "./migrations/index";
export type { Migration } from "./migrations/migration";
export {
  assertMigrated,
  MIGRATIONS_TABLE,
  type MigrationResult,
  runMigrations,
} from "./migrations/run-migrations";
export {
  createPostgresSessionStore,
  type PostgresSessionStore,
  type PostgresSessionStoreOptions,
} from "./store/postgres-session-store";
export { createPostgresStore, type PostgresStore } from "./store/postgres-store";
export { DEFAULT_SCHEMA } from "./store/schema-name";
export { STORE_UNAVAILABLE } from "./store/store-errors";
export {
  DATABASE_URL_VARIABLE,
  DEFAULT_EVENT_RETENTION_DAYS,
  type GroupCommitOptions,
  POOL_DEFAULTS,
  type PostgresStoreOptions,
} from "./store/store-options";
