import { ApiCallError } from "../errors/api-call-error";

/**
 * Finds the {@link ApiCallError} (or `RateLimitError`) a resilient fetch threw inside an
 * SDK's own error: SDKs wrap fetch failures (`RequestError` with `cause`, Slack's
 * `WebAPIRequestError` with `original`), so adapters unwrap them with this.
 */
export function findApiCallError(error: unknown): ApiCallError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    if (ApiCallError.isInstance(current)) return current;
    if (typeof current !== "object") return undefined;
    const record = current as { cause?: unknown; original?: unknown };
    current = record.cause ?? record.original;
  }
  return undefined;
}
