import { ApiCallError } from "../errors/api-call-error";
import { ContextenError } from "../errors/contexten-error";

/** Codes of contexten errors that no retry can fix: the input or the setup must change. */
const PERMANENT_CODES = new Set([
  "validation_failed",
  "configuration_invalid",
  "not_found",
  "webhook_verification_failed",
]);

/**
 * Whether retrying the operation that threw `error` may succeed:
 *
 * - an `ApiCallError` (and so a `RateLimitError`) answers with its own `isRetryable`;
 * - an error with a boolean `retryable` property answers with it (throw
 *   `Object.assign(new Error("…"), { retryable: false })` to stop retries);
 * - `ValidationError`, `ConfigurationError`, `NotFoundError` and failed webhook
 *   verifications never are: the input or the setup must change first;
 * - anything else (a network failure, a timeout, an unknown error) is presumed transient.
 */
export function isRetryableError(error: unknown): boolean {
  if (ApiCallError.isInstance(error)) return error.isRetryable;
  if (typeof error === "object" && error !== null) {
    const flag = (error as { retryable?: unknown }).retryable;
    if (typeof flag === "boolean") return flag;
  }
  if (ContextenError.isInstance(error)) return !PERMANENT_CODES.has(error.code);
  return true;
}
