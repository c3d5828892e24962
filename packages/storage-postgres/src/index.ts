/**
 * `@contexten/storage-postgres`: a durable `EventStore` and `WorkflowStore` for contexten
 * on PostgreSQL (through `pg`) or embedded PGlite.
 *
 * @packageDocumentation
 */

export {
  fromPgClient,
  fromPgPool,
  type PgClientLike,
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
export { type PostgresClientInput, toSqlClient } from "./client/to-sql-client";
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
export {
  createPostgresStore,
  DEFAULT_EVENT_RETENTION_DAYS,
  type PostgresStore,
  type PostgresStoreOptions,
} from "./store/postgres-store";
export { DEFAULT_SCHEMA } from "./store/schema-name";
