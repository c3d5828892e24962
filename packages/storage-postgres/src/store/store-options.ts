import { ConfigurationError } from "@contexten/core";
import type { StoreLogger } from "../client/error-logger";
import type { OwnedPoolSettings } from "../client/owned-pool";
import type { PostgresClientInput } from "../client/to-sql-client";
import { DEFAULT_PRUNE_BATCH_SIZE } from "./prune-events";
import { DEFAULT_SCHEMA } from "./schema-name";
import { integerOption } from "./validate-options";

/** Default event retention in days (`CorrelationConfig.eventRetentionDays`). */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;

/**
 * Defaults of the pool the store creates from a connection string. Generous enough for a
 * busy database, short enough that a webhook gets its answer (a quick 503 the platform
 * retries) well within GitHub's 10-second and Linear's 5-second delivery timeouts.
 */
export const POOL_DEFAULTS = {
  /** Connections at most. */
  maxConnections: 10,
  /** Opening a connection, or waiting for a free one. */
  connectionTimeoutMillis: 5_000,
  /** Server-side `statement_timeout` of each session. */
  statementTimeoutMillis: 10_000,
  /** Added to `statementTimeoutMillis` for the client-side `query_timeout`. */
  queryTimeoutMarginMillis: 2_000,
  /** Server-side `idle_in_transaction_session_timeout`. */
  idleInTransactionTimeoutMillis: 30_000,
  /** An unused connection is closed after this long. */
  idleTimeoutMillis: 10_000,
  /** Idle time before the first TCP keep-alive probe. */
  keepAliveInitialDelayMillis: 10_000,
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName: "contexten",
} as const;

/** The environment variable `createPostgresStore` reads when given no client. */
export const DATABASE_URL_VARIABLE = "DATABASE_URL";

/**
 * Options of `createPostgresStore`. Pass `client` to use a connection you own, or a
 * connection string (`connectionString`, else the `DATABASE_URL` environment variable) to
 * let the store create and own a `pg.Pool`. The pool settings apply only to that pool.
 */
export interface PostgresStoreOptions {
  /**
   * A `pg.Pool`, a connected `pg.Client`, a PGlite instance, or your own `SqlClient`. The
   * store never ends an injected client: you own it. A `pg.Pool` or `pg.Client` with no
   * `'error'` listener gets one that logs through `logger`.
   */
  client?: PostgresClientInput | undefined;
  /**
   * A PostgreSQL connection string; defaults to the `DATABASE_URL` environment variable
   * when neither this nor `client` is passed. The store then creates its own `pg.Pool` on
   * first use and `close()` ends it.
   */
  connectionString?: string | undefined;
  /** Connections of the store's own pool at most (default 10). */
  maxConnections?: number | undefined;
  /** Time to open a connection or wait for a free one, in ms (default 5,000; 0: no limit). */
  connectionTimeoutMillis?: number | undefined;
  /**
   * Server-side `statement_timeout` of the store's sessions, in ms (default 10,000; 0
   * keeps the server's setting, e.g. behind a pooler that refuses startup parameters).
   */
  statementTimeoutMillis?: number | undefined;
  /**
   * Client-side limit on waiting for a statement's answer, in ms (`query_timeout`;
   * default `statementTimeoutMillis` + 2,000, or none when that is 0). It is what ends a
   * call when the network hangs without closing; the connection is then discarded.
   */
  queryTimeoutMillis?: number | undefined;
  /**
   * Server-side `idle_in_transaction_session_timeout`, in ms (default 30,000; 0 keeps the
   * server's setting): ends a session whose client stalled inside a transaction, releasing
   * its locks.
   */
  idleInTransactionTimeoutMillis?: number | undefined;
  /** How long an unused pooled connection stays open, in ms (default 10,000). */
  idleTimeoutMillis?: number | undefined;
  /** Idle time before the first TCP keep-alive probe, in ms (default 10,000). */
  keepAliveInitialDelayMillis?: number | undefined;
  /** `application_name` of the store's sessions (default `contexten`). */
  applicationName?: string | undefined;
  /** Receives connection errors that have no caller, e.g. an idle connection dropped (default `console`). */
  logger?: StoreLogger | undefined;
  /**
   * Schema holding the store's tables (default `contexten`); created by the first
   * migration when missing. A plain identifier: letters, digits, underscores.
   */
  schema?: string | undefined;
  /**
   * Apply pending migrations before the first operation (default `true`). With `false`,
   * migrate from a deploy step (`store.migrate()` or `runMigrations`); the first
   * operation then only checks the schema is current and throws a `ConfigurationError`
   * when it is not.
   */
  migrate?: boolean | undefined;
  /** Age after which `pruneExpired` removes events (default 30 days). */
  eventRetentionDays?: number | undefined;
  /** Events (and deliveries) removed per prune transaction (default 1000). */
  pruneBatchSize?: number | undefined;
  /**
   * Group commit for `storeDelivery` (default on): deliveries that arrive while earlier
   * ones are being written are written together, in one statement and one commit, so a
   * busy receiver is bounded by the database's throughput rather than by its commit
   * latency. No delivery waits on a timer, and each caller is answered only once its own
   * rows are committed. `false` writes every delivery in its own statement.
   */
  groupCommit?: boolean | GroupCommitOptions | undefined;
}

/** Tuning of {@link PostgresStoreOptions.groupCommit}. */
export interface GroupCommitOptions {
  /** Deliveries written together at most (default 256). */
  maxBatch?: number | undefined;
  /** Batches written at once, each on its own connection (default 2). */
  maxInFlight?: number | undefined;
}

/** Options with their defaults applied and checked. */
export interface ResolvedStoreOptions {
  /** The injected client, or `undefined` when the store owns its pool. */
  client: PostgresClientInput | undefined;
  /** Settings of the pool to create; `undefined` with an injected client. */
  pool: OwnedPoolSettings | undefined;
  logger: StoreLogger;
  schema: string;
  migrate: boolean;
  retentionDays: number;
  pruneBatchSize: number;
  /** `undefined` when group commit is off. */
  groupCommit: { maxBatch: number; maxInFlight: number } | undefined;
}

const MAX_MILLIS = 2_147_483_647;

function millis(value: number | undefined, fallback: number, path: string): number {
  return integerOption(value, fallback, { min: 0, max: MAX_MILLIS, path });
}

function environmentDatabaseUrl(): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[DATABASE_URL_VARIABLE];
  return value === "" ? undefined : value;
}

function poolSettings(options: PostgresStoreOptions, connectionString: string): OwnedPoolSettings {
  const statementTimeoutMillis = millis(
    options.statementTimeoutMillis,
    POOL_DEFAULTS.statementTimeoutMillis,
    "statementTimeoutMillis",
  );
  const defaultQueryTimeout =
    statementTimeoutMillis === 0
      ? 0
      : statementTimeoutMillis + POOL_DEFAULTS.queryTimeoutMarginMillis;
  return {
    connectionString,
    maxConnections: integerOption(options.maxConnections, POOL_DEFAULTS.maxConnections, {
      min: 1,
      max: 10_000,
      path: "maxConnections",
    }),
    connectionTimeoutMillis: millis(
      options.connectionTimeoutMillis,
      POOL_DEFAULTS.connectionTimeoutMillis,
      "connectionTimeoutMillis",
    ),
    statementTimeoutMillis,
    queryTimeoutMillis: millis(
      options.queryTimeoutMillis,
      defaultQueryTimeout,
      "queryTimeoutMillis",
    ),
    idleInTransactionTimeoutMillis: millis(
      options.idleInTransactionTimeoutMillis,
      POOL_DEFAULTS.idleInTransactionTimeoutMillis,
      "idleInTransactionTimeoutMillis",
    ),
    idleTimeoutMillis: millis(
      options.idleTimeoutMillis,
      POOL_DEFAULTS.idleTimeoutMillis,
      "idleTimeoutMillis",
    ),
    keepAliveInitialDelayMillis: millis(
      options.keepAliveInitialDelayMillis,
      POOL_DEFAULTS.keepAliveInitialDelayMillis,
      "keepAliveInitialDelayMillis",
    ),
    applicationName: options.applicationName ?? POOL_DEFAULTS.applicationName,
  };
}

/**
 * Applies defaults to the options of `createPostgresStore` and checks them: exactly one
 * source of connections, numbers in range. Throws `ConfigurationError` (no connection
 * source, or two) or `ValidationError` (a number out of range).
 */
export function resolveStoreOptions(options: PostgresStoreOptions): ResolvedStoreOptions {
  if (options.client !== undefined && options.connectionString !== undefined) {
    throw new ConfigurationError({
      message:
        "createPostgresStore: pass either `client` (a pg.Pool, pg.Client or PGlite instance) or `connectionString`, not both.",
    });
  }
  const connectionString =
    options.client === undefined
      ? (options.connectionString ?? environmentDatabaseUrl())
      : undefined;
  if (options.client === undefined && !connectionString) {
    throw new ConfigurationError({
      message: `createPostgresStore: set ${DATABASE_URL_VARIABLE} or pass \`connectionString\` (e.g. postgres://user@localhost:5432/app), or pass \`client\` (a pg.Pool, a connected pg.Client or a PGlite instance).`,
      issues: [
        {
          path: "connectionString",
          message: `set ${DATABASE_URL_VARIABLE} or pass connectionString`,
        },
      ],
    });
  }
  return {
    client: options.client,
    pool: connectionString ? poolSettings(options, connectionString) : undefined,
    logger: options.logger ?? console,
    schema: options.schema ?? DEFAULT_SCHEMA,
    migrate: options.migrate !== false,
    retentionDays: integerOption(options.eventRetentionDays, DEFAULT_EVENT_RETENTION_DAYS, {
      min: 1,
      max: 36_500,
      path: "eventRetentionDays",
    }),
    pruneBatchSize: integerOption(options.pruneBatchSize, DEFAULT_PRUNE_BATCH_SIZE, {
      min: 1,
      max: 100_000,
      path: "pruneBatchSize",
    }),
    groupCommit: groupCommitSettings(options.groupCommit),
  };
}

function groupCommitSettings(
  option: PostgresStoreOptions["groupCommit"],
): ResolvedStoreOptions["groupCommit"] {
  if (option === false) return undefined;
  const tuning = option === true || option === undefined ? {} : option;
  return {
    maxBatch: integerOption(tuning.maxBatch, 256, {
      min: 1,
      max: 10_000,
      path: "groupCommit.maxBatch",
    }),
    maxInFlight: integerOption(tuning.maxInFlight, 2, {
      min: 1,
      max: 1_000,
      path: "groupCommit.maxInFlight",
    }),
  };
}
