import type { PgErrorEvents } from "./pg-clients";

/** Where the store logs connection errors nobody else handles; `console` by default. */
export type StoreLogger = Pick<Console, "error">;

/**
 * Adds an `'error'` listener that logs to `logger`, so a connection `pg` loses in the
 * background (a restart, a failover, `pg_terminate_backend`) is reported instead of
 * crashing the process: Node throws an `'error'` event that has no listener.
 */
export function logConnectionErrors(
  emitter: Partial<PgErrorEvents>,
  logger: StoreLogger,
  what: string,
): void {
  emitter.on?.("error", (error: Error) => {
    logger.error(`[contexten] PostgreSQL connection error on ${what}:`, error);
  });
}

/**
 * For a `pg.Pool` or `pg.Client` the caller owns: logs its errors through `logger` only
 * when nobody listens to them yet. An `'error'` event without a listener would crash the
 * process; a listener the owner added is left to do its job alone.
 */
export function guardUnhandledErrors(
  emitter: Partial<PgErrorEvents>,
  logger: StoreLogger,
  what: string,
): void {
  if (typeof emitter.listenerCount !== "function" || typeof emitter.on !== "function") return;
  if (emitter.listenerCount("error") > 0) return;
  logConnectionErrors(emitter, logger, what);
}
