import type { RetryPolicy } from "../models/retry-policy";

/**
 * The delay before retry number `retry` (1 for the first retry): `baseDelayMs ×
 * factor^(retry-1)` capped at `maxDelayMs`, then, with full jitter, a uniform random
 * value between 0 and that. `random` returns a number in [0, 1) (inject one in tests).
 */
export function computeBackoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * policy.factor ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return policy.jitter === "full" ? Math.floor(random() * capped) : capped;
}
