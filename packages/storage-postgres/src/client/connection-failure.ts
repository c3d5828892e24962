/** Node socket errors: the database could not be reached or the connection broke. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * What `pg` says when a connection broke, could not be opened in time, or a statement got
 * no answer within `query_timeout` (the connection may still be executing it).
 */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * SQLSTATEs after which the server has closed the session: connection exceptions (class
 * 08), an administrator or crash ending the backend (57P01–57P05), and the server's
 * idle-in-transaction timeout (25P03).
 */
const SESSION_ENDED = /^(08...|57P0[1-5]|25P03)$/;

function codeOf(error: unknown): unknown {
  return typeof error === "object" && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

/**
 * Whether `error` means the connection it happened on is gone or in an unknown state: a
 * socket error, a `pg` connection or read-timeout error, or a server error that ends the
 * session. Such a connection must never be reused, and a `ROLLBACK` on it would only
 * wait for another timeout (closing it rolls the transaction back).
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SESSION_ENDED.test(code))) {
    return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  return error instanceof Error && DRIVER_MESSAGES.test(error.message);
}
