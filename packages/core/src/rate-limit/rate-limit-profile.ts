import type { RateLimitBudget } from "../config/rate-limit-config";
import type { HeaderRecord } from "./rate-limit-headers";

/**
 * What a request does, which platforms price differently: GitHub charges mutations five
 * secondary-limit points instead of one and caps content creation separately; Slack paces
 * message posting per channel.
 */
export type OperationKind = "read" | "write" | "create";

/** Units a request takes from one named bucket of a platform. */
export interface ProfileCharge {
  /** Bucket name within the platform, e.g. `core`, `secondary-rest`, `channel:C123`. */
  bucket: string;
  /** Units. */
  cost: number;
}

/** What a response's headers say about one bucket. */
export interface RateLimitReport {
  /** Bucket name within the platform. */
  bucket: string;
  /** The platform's limit for the window. */
  limit?: number;
  /** What the platform says is left. */
  remaining?: number;
  /** When the platform's window resets (or its bucket is full again), epoch ms. */
  resetAt?: number;
  /** What this request really cost (Linear's `X-Complexity`), to settle an estimate. */
  actualCost?: number;
}

/**
 * A platform's rate-limit rules: which budgets exist, which a request draws from, and how
 * to read the platform's headers. Each platform's adapter ships its profile
 * (`githubRateLimitProfile`, `slackRateLimitProfile`, `linearRateLimitProfile`) and its
 * client registers it on the limiter it is given; any other platform is described the
 * same way, or by budgets alone (`createBudgetProfile`).
 */
export interface RateLimitProfile {
  /** Platform id, e.g. `github`. */
  readonly platform: string;
  /** Most requests in flight at once for the platform; unlimited when absent. */
  readonly maxConcurrent?: number;
  /** The budget of a bucket, including dynamic ones such as `channel:C123`. */
  budget(bucket: string): RateLimitBudget | undefined;
  /** The buckets a request for `resource` draws from. */
  charges(resource: string, request: { cost: number; kind: OperationKind }): ProfileCharge[];
  /** Reads the platform's rate-limit headers (lower-case names). */
  readHeaders?(resource: string, headers: HeaderRecord, now: number): RateLimitReport[];
  /** Buckets a `Retry-After` pauses; defaults to every bucket the resource draws from. */
  pausedBy?(resource: string): string[];
}

/** Default burst for a budget: a fiftieth of a window budget, a tenth of a continuous one. */
export function defaultBurst(budget: Pick<RateLimitBudget, "limit" | "refill">): number {
  const share = budget.refill === "continuous" ? 10 : 50;
  return Math.max(1, Math.min(budget.limit, Math.ceil(budget.limit / share)));
}

/**
 * A profile made only of budgets, for platforms without built-in rules: a resource draws
 * from the bucket of the same name, or from `*` when there is none.
 */
export function createBudgetProfile(
  platform: string,
  budgets: Readonly<Record<string, RateLimitBudget>>,
  maxConcurrent?: number,
): RateLimitProfile {
  return {
    platform,
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    budget: (bucket) => budgets[bucket] ?? budgets["*"],
    charges: (resource, { cost }) => [{ bucket: budgets[resource] ? resource : "*", cost }],
  };
}
