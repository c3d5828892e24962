import { z } from "zod";

/**
 * How failed operations are retried: exponential backoff `baseDelayMs * factor^(n-1)`,
 * capped at `maxDelayMs`, with full jitter (a uniform random delay between 0 and that
 * value) unless `jitter` is `none`. A platform's `Retry-After` or reset header always
 * wins over the computed delay.
 */
export const retryPolicySchema = z.object({
  /** Total attempts including the first; 1 disables retries. The default is 3. */
  maxAttempts: z.number().int().min(1).max(20).default(3),
  /** Delay before the first retry in ms. */
  baseDelayMs: z.number().int().min(0).default(1000),
  /** Growth factor between retries. */
  factor: z.number().min(1).default(2),
  /** Upper bound on one delay in ms. */
  maxDelayMs: z.number().int().min(0).default(30_000),
  /** `full` randomizes each delay in [0, computed]; `none` uses the computed delay. */
  jitter: z.enum(["full", "none"]).default("full"),
});

/** See {@link retryPolicySchema}. */
export type RetryPolicy = z.output<typeof retryPolicySchema>;

/** Input form of {@link RetryPolicy}; every field has a default. */
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
