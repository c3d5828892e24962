import { z } from "zod";

/**
 * One budget: `limit` units per `windowSeconds`, optionally with a concurrency cap.
 * `refill` says how the budget comes back: all at once when the window resets (GitHub,
 * Slack) or continuously (Linear's leaky bucket).
 */
export const rateLimitBudgetSchema = z.object({
  /** Units (requests or points) per window. */
  limit: z.number().positive(),
  /** Window length, seconds. */
  windowSeconds: z.number().positive(),
  /** How the budget refills. */
  refill: z.enum(["window", "continuous"]).default("window"),
  /** At most this many requests in flight; unlimited when absent. */
  maxConcurrent: z.number().int().positive().optional(),
  /**
   * Most units released at once. Beyond the burst, requests are spread evenly so the
   * budget lasts the whole window instead of being spent in its first seconds. Defaults
   * to about a fiftieth of `limit` (at least 1) for `window` budgets and a tenth for
   * `continuous` ones.
   */
  burst: z.number().positive().optional(),
});

/** See {@link rateLimitBudgetSchema}. */
export type RateLimitBudget = z.output<typeof rateLimitBudgetSchema>;

/**
 * Rate-limit settings: budgets by platform and resource, overriding the platforms'
 * profiles (e.g. `{ github: { search: { limit: 30, windowSeconds: 60 } } }`); a platform
 * without a profile is paced by its budgets alone.
 */
export const rateLimitConfigSchema = z.object({
  /** Budgets by platform, then resource. */
  budgets: z.record(z.string(), z.record(z.string(), rateLimitBudgetSchema)).default({}),
  /** Fraction of each platform-reported budget to use, in (0, 1]; the rest is headroom. */
  utilization: z.number().gt(0).max(1).default(0.98),
});

/** See {@link rateLimitConfigSchema}. */
export type RateLimitConfig = z.output<typeof rateLimitConfigSchema>;

/** Input form of {@link RateLimitConfig}. */
export type RateLimitConfigInput = z.input<typeof rateLimitConfigSchema>;
