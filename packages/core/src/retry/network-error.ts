/** What a failed request without a response tells about the platform's side. */
export interface NetworkFailure {
  /** The system or undici error code found in the error or its causes, e.g. `ECONNRESET`. */
  code: string | undefined;
  /**
   * `false` when the request certainly never reached the platform (connection refused,
   * DNS failure), so even a POST can be sent again; `undefined` when it may have been
   * received and executed (connection reset after sending, timeout).
   */
  executed: false | undefined;
}

/** Codes meaning no byte of the request reached the platform. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== "object" || error === null) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof record.code === "string" ? [record.code] : [];
  const nested = Array.isArray(record.errors)
    ? record.errors.flatMap((inner) => codesOf(inner, depth + 1))
    : [];
  return [...own, ...nested, ...codesOf(record.cause, depth + 1)];
}

/**
 * Reads a network error (Node's `fetch` wraps them as `TypeError: fetch failed` with the
 * system error as `cause`) and says whether the platform may have executed the request.
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const codes = codesOf(error);
  const code = codes.find((candidate) => candidate !== "ERR_INVALID_STATE") ?? codes[0];
  const executed = codes.length > 0 && codes.every((candidate) => NOT_SENT_CODES.has(candidate));
  return { code, executed: executed ? false : undefined };
}
