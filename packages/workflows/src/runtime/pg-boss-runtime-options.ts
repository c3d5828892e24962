import type { Clock } from "@contexten/core";
import type { PgBoss } from "pg-boss";

/** Options of `createPgBossRuntime`. Pass exactly one of `connectionString`, `pglite`, `boss`. */
export interface PgBossRuntimeOptions {
  /** PostgreSQL connection string; the runtime creates (and stops) its own pg-boss pool. */
  connectionString?: string | undefined;
  /**
   * A PGlite instance (the same one your `PostgresStore` uses is fine: pg-boss keeps to its
   * own schema). You own it: the runtime never closes it.
   */
  pglite?: unknown;
  /** A PgBoss you created and configured; you start and stop it. */
  boss?: PgBoss | undefined;
  /** pg-boss schema (default `contexten_jobs`). */
  schema?: string | undefined;
  /** Queue name (default `contexten-workflows`). */
  queue?: string | undefined;
  /**
   * Time source for pg-boss and the engine (default the system clock). Tests pass pg-boss's
   * `TestClock`, which also moves the database's notion of now for this schema.
   */
  clock?: Clock | undefined;
  /** Jobs fetched per poll (default 16). */
  batchSize?: number | undefined;
  /** Workers polling in this process (default 2). */
  concurrency?: number | undefined;
  /** Seconds between polls when idle (default 1; LISTEN/NOTIFY wakes workers sooner). */
  pollingIntervalSeconds?: number | undefined;
  /**
   * How often pg-boss looks for jobs whose worker died (their lease ran out), seconds
   * (default 10): together with a task's lease, how soon a crashed step runs elsewhere.
   */
  superviseIntervalSeconds?: number | undefined;
  /** Connections in the pool the runtime creates (default 10). */
  maxConnections?: number | undefined;
  /** Use LISTEN/NOTIFY to wake workers on new jobs (default true; PostgreSQL only). */
  listenNotify?: boolean | undefined;
  /**
   * Deliveries of a task whose handler keeps throwing (a database outage), with
   * exponential backoff up to 5 minutes, before pg-boss marks the job failed (default 20).
   */
  retryLimit?: number | undefined;
  /** Told about errors with no caller (default `console.error`). */
  onError?: ((error: unknown) => void) | undefined;
}
