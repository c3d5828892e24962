import type { RetryPolicy } from "../models/retry-policy";
import { computeBackoffDelay } from "./backoff";

/** A failed attempt, as far as retrying is concerned. */
export interface RetryableFailure {
  /** `rate-limited`: the platform refused without executing; `retryable`: a 5xx or network error. */
  outcome: "rate-limited" | "retryable";
  /** The platform's own wait (`Retry-After`, reset headers), ms; wins over backoff. */
  retryAfterMs?: number | undefined;
  /** `false` when the platform certainly did not execute the request. */
  executed?: false | undefined;
}

/** Whether and when to try again. */
export type RetryDecision =
  | {
      /** Try again. */
      retry: true;
      /** Wait this long first, ms. */
      delayMs: number;
      /** Where the delay comes from. */
      source: "retry-after" | "backoff";
    }
  | {
      /** Do not try again. */
      retry: false;
      /** Why, for the error message. */
      reason: "attempts-exhausted" | "may-have-executed";
    };

/**
 * Decides whether a failed attempt is retried: never beyond `maxAttempts`; a request that
 * is not idempotent only when the platform did not execute it (rate-limited, connection
 * refused); the platform's `Retry-After` or reset time wins over exponential backoff.
 */
export function decideRetry(
  failure: RetryableFailure,
  context: { attempt: number; policy: RetryPolicy; idempotent: boolean; random?: () => number },
): RetryDecision {
  if (context.attempt >= context.policy.maxAttempts) {
    return { retry: false, reason: "attempts-exhausted" };
  }
  const notExecuted = failure.outcome === "rate-limited" || failure.executed === false;
  if (!context.idempotent && !notExecuted) return { retry: false, reason: "may-have-executed" };
  if (failure.retryAfterMs !== undefined) {
    return { retry: true, delayMs: Math.max(0, failure.retryAfterMs), source: "retry-after" };
  }
  return {
    retry: true,
    delayMs: computeBackoffDelay(context.policy, context.attempt, context.random),
    source: "backoff",
  };
}
