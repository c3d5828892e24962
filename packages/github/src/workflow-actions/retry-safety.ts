import { ApiCallError } from "@contexten/core";

/**
 * Marks a failed call retryable when the action itself makes a retry safe (it finds what
 * an earlier attempt created before creating anything): a 5xx, a 429 or a lost response
 * to a POST may have been executed, which the client reports as not retryable.
 */
export function retryableForIdempotentAction(error: unknown): unknown {
  if (!ApiCallError.isInstance(error) || error.isRetryable) return error;
  const { status } = error;
  if (status !== undefined && status < 500 && status !== 429 && status !== 408) return error;
  return new ApiCallError({
    platform: error.platform ?? "github",
    message: error.message,
    url: error.url,
    ...(error.method ? { method: error.method } : {}),
    ...(status !== undefined ? { status } : {}),
    headers: error.headers,
    body: error.body,
    ...(error.platformCode ? { platformCode: error.platformCode } : {}),
    isRetryable: true,
    cause: error,
  });
}
