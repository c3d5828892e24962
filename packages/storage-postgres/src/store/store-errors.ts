import { ContextenError, ValidationError } from "@contexten/core";
import { isConnectionFailure } from "../client/connection-failure";
import { sqlState } from "./sql-errors";

/** Code of the error thrown when the database cannot be reached or did not answer in time. */
export const STORE_UNAVAILABLE = "store_unavailable";

/**
 * SQLSTATE classes of data the database refuses for good: retrying the same input fails
 * the same way. 22: data exceptions (a value that does not fit its type); 54: program
 * limits (an index row too big, nesting too deep for the parser).
 */
const PERMANENT_DATA_CLASSES = new Set(["22", "54"]);

/**
 * SQLSTATE classes and codes that say the database cannot serve the call now but may
 * later: connection exceptions (08), transaction rollbacks left after retries (40:
 * deadlocks, serialization failures), insufficient resources (53: too many connections,
 * disk full), operator intervention (57: statement timeout, shutdown, backend
 * terminated), system errors (58), and a lock wait timeout (55P03), a read-only
 * transaction (25006, a failover to a standby) or the idle-in-transaction timeout (25P03).
 */
const UNAVAILABLE_CLASSES = new Set(["08", "40", "53", "57", "58"]);
const UNAVAILABLE_STATES = new Set(["55P03", "25006", "25P03"]);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  "22001": "a string longer than its column allows",
  "22003": "a number out of range (e.g. a JSON number with a huge exponent)",
  "22007": "a badly formatted date",
  "22008": "a date out of range",
  "22021": "a character the database encoding cannot hold (a NUL in text)",
  "22P02": "malformed input text (e.g. invalid JSON)",
  "22P05": "a character JSON storage cannot hold (\\u0000)",
  "54000": "a value too large to index (an index row over the btree limit)",
  "54001": "input nested too deep for the server",
};

/** The driver's message, short enough for an error message or a log line. */
function driverMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/**
 * Whether PostgreSQL refused the data itself (SQLSTATE class 22 or 54): permanent for
 * this input, so a webhook should be answered with a client error rather than "retry".
 */
export function isPermanentDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && PERMANENT_DATA_CLASSES.has(state.slice(0, 2));
}

/** Whether the database could not serve the call now (see the classes above). */
export function isUnavailable(error: unknown): boolean {
  if (isConnectionFailure(error)) return true;
  const state = sqlState(error);
  return (
    state !== undefined &&
    (UNAVAILABLE_CLASSES.has(state.slice(0, 2)) || UNAVAILABLE_STATES.has(state))
  );
}

/**
 * Turns a driver error from `operation` into what callers act on:
 *
 * - data refused for good → `ValidationError` (`validation_failed`) naming the SQLSTATE;
 * - database unreachable, connection lost, timeouts, overload → `ContextenError` with code
 *   `store_unavailable`;
 *
 * both keeping the driver error as `cause`. Anything else (contexten's own errors,
 * programming errors) is returned unchanged.
 */
export function toStoreError(error: unknown, operation: string): unknown {
  if (ContextenError.isInstance(error)) return error;
  const state = sqlState(error);
  if (isPermanentDataError(error)) {
    const description = DESCRIPTIONS[state!] ?? `SQLSTATE class ${state!.slice(0, 2)}`;
    return new ValidationError({
      message: `PostgreSQL refused the data of ${operation} (SQLSTATE ${state}: ${description}); nothing was written. Retrying the same input fails the same way.`,
      issues: [{ path: "", message: `SQLSTATE ${state}: ${driverMessage(error)}` }],
      cause: error,
    });
  }
  if (isUnavailable(error)) {
    const reason = state ? `SQLSTATE ${state}: ${driverMessage(error)}` : driverMessage(error);
    return new ContextenError({
      code: STORE_UNAVAILABLE,
      message: `PostgreSQL is unavailable; ${operation} may not have completed (${reason}). Retry later: writes are idempotent.`,
      cause: error,
    });
  }
  return error;
}
