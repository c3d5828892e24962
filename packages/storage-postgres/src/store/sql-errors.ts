import { ContextenError } from "@contexten/core";

/** SQLSTATE of a driver error (`pg` and PGlite both expose it as `code`), if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || ContextenError.isInstance(error)) {
    return undefined;
  }
  // Node socket errors carry a `code` too ("EPIPE" even looks like a SQLSTATE).
  if ("syscall" in error) return undefined;
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
