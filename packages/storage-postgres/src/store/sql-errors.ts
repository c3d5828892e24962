import { ContextenError, ValidationError } from "@contexten/core";

/** SQLSTATE of a driver error (`pg` and PGlite both expose it as `code`), if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || ContextenError.isInstance(error)) {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Deadlocks and serialization failures: the transaction did nothing and may be retried. */
export function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state === "40P01" || state === "40001";
}

/**
 * Runs `operation`, retrying it (at most `attempts` times in all) when PostgreSQL aborted
 * it as a deadlock victim or a serialization failure. Only for idempotent writes.
 */
export async function retryOnConflict<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}

/**
 * Turns a PostgreSQL rejection of the data itself into a `ValidationError` (nothing was
 * written: the statement failed as a whole); anything else is rethrown unchanged.
 */
export function rethrowDataError(error: unknown, what: string): never {
  const state = sqlState(error);
  // 22P05: \u0000 inside JSON; 22021: NUL byte in text; 22001: value too long;
  // 22007/22008: bad or out-of-range date.
  if (state && ["22P05", "22021", "22001", "22007", "22008"].includes(state)) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError({
      message: `PostgreSQL rejected ${what}: ${reason}. Remove NUL characters (\\u0000) from strings and keep dates within PostgreSQL's range; nothing was written.`,
      issues: [{ path: "", message: reason }],
      cause: error,
    });
  }
  throw error;
}
