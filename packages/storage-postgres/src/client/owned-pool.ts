import { logConnectionErrors, type StoreLogger } from "./error-logger";
import type { PgPoolLike } from "./pg-clients";

/** How the store configures the `pg.Pool` it creates from a connection string. */
export interface OwnedPoolSettings {
  /** The PostgreSQL connection string. */
  connectionString: string;
  /** Most connections open at once. */
  maxConnections: number;
  /** Time to open a connection or wait for a free one; 0 waits forever. */
  connectionTimeoutMillis: number;
  /** Server-side `statement_timeout` of every session; 0 keeps the server's setting. */
  statementTimeoutMillis: number;
  /** Client-side wait for a statement's answer (`query_timeout`); 0 waits forever. */
  queryTimeoutMillis: number;
  /** Server-side `idle_in_transaction_session_timeout`; 0 keeps the server's setting. */
  idleInTransactionTimeoutMillis: number;
  /** How long an unused connection stays open. */
  idleTimeoutMillis: number;
  /** Idle time before the first TCP keep-alive probe. */
  keepAliveInitialDelayMillis: number;
  /** `application_name` of the sessions, shown in `pg_stat_activity`. */
  applicationName: string;
}

/**
 * Creates the `pg.Pool` a store owns. `pg` is loaded on demand so PGlite-only
 * applications never load it. The pool:
 *
 * - logs the errors of connections it holds idle instead of crashing the process;
 * - sends TCP keep-alives, so a connection to a vanished host is eventually noticed;
 * - bounds every wait: connecting, each statement on the server (`statement_timeout`)
 *   and on the client (`query_timeout`, which also covers a network that hangs without
 *   closing), and sessions left idle inside a transaction.
 */
export async function createOwnedPool(
  settings: OwnedPoolSettings,
  logger: StoreLogger,
): Promise<PgPoolLike> {
  const { Pool } = await import("pg");
  // pg reads a falsy timeout as "not set", which is what 0 means here.
  const pool = new Pool({
    connectionString: settings.connectionString,
    max: settings.maxConnections,
    connectionTimeoutMillis: settings.connectionTimeoutMillis,
    idleTimeoutMillis: settings.idleTimeoutMillis,
    keepAlive: true,
    keepAliveInitialDelayMillis: settings.keepAliveInitialDelayMillis,
    statement_timeout: settings.statementTimeoutMillis,
    query_timeout: settings.queryTimeoutMillis,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMillis,
    application_name: settings.applicationName,
  });
  logConnectionErrors(pool, logger, "the store's pool (it opens a new connection)");
  return pool;
}
