import { parseRetryAfter } from "../rate-limit/rate-limit-headers";
import type { ResilientResponse, ResponseClassification } from "./resilient-response";

/**
 * The HTTP baseline every platform classifier builds on: 1xx–3xx success, 429
 * rate-limited, 408 and 5xx retryable (with `Retry-After` when sent), other 4xx fatal.
 */
export function classifyHttpResponse(
  response: ResilientResponse,
  _request?: unknown,
  now: number = Date.now(),
): ResponseClassification {
  const { status, headers } = response;
  const retryAfterMs = parseRetryAfter(headers["retry-after"], now);
  if (status < 400) return { outcome: "success" };
  if (status === 429) return { outcome: "rate-limited", retryAfterMs };
  if (status === 408 || status >= 500) return { outcome: "retryable", retryAfterMs };
  return { outcome: "fatal" };
}
