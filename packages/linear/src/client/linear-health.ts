import {
  type Clock,
  type HealthStatus,
  healthStatusSchema,
  type RateLimiter,
  type RateLimitStatus,
} from "@contexten/core";

/** What {@link checkLinearHealth} needs from a client. */
export interface LinearHealthCheck {
  /** One cheap authenticated call (`viewer`). */
  probe: () => Promise<unknown>;
  /** The client's rate limiter. */
  limiter: RateLimiter;
  /** The rate-limit resource of Linear's GraphQL API. */
  resource: string;
  /** Time source. */
  clock: Clock;
  /** Complexity a request is charged up front. */
  complexityEstimate: number;
  /** Shown in `details`. */
  apiUrl: string;
}

/** Budgets a bucket must hold for the next request not to wait. */
function shortBuckets(status: RateLimitStatus, complexityEstimate: number) {
  const needed: Record<string, number> = { requests: 1, complexity: complexityEstimate };
  return status.buckets.filter((bucket) => bucket.remaining < (needed[bucket.name] ?? 1));
}

function limitedMessage(status: RateLimitStatus, complexityEstimate: number, now: number) {
  if (status.blockedUntil !== undefined && status.blockedUntil > now) {
    return `Linear asked to pause until ${new Date(status.blockedUntil).toISOString()}.`;
  }
  const short = shortBuckets(status, complexityEstimate);
  if (short.length === 0) return undefined;
  return `Linear budget low: ${short.map((bucket) => `${bucket.name} ${Math.floor(bucket.remaining)}/${bucket.limit}`).join(", ")}.`;
}

/**
 * Health of a Linear client: when the limiter can serve a request right now, one probe
 * (`viewer`) measures reachability and latency; when it cannot (a pause Linear imposed,
 * or less than one request or one complexity estimate left) the probe is skipped, so a
 * health check never waits for budget, and the status is `degraded`. Remaining budgets
 * are reported per bucket (`rateLimits.requests`, `rateLimits.complexity`); a failed
 * probe is `unhealthy`.
 */
export async function checkLinearHealth(check: LinearHealthCheck): Promise<HealthStatus> {
  const { limiter, resource, clock, complexityEstimate } = check;
  const limitedBefore = limitedMessage(
    await limiter.getRemaining("linear", resource),
    complexityEstimate,
    clock.now(),
  );
  const startedAt = clock.now();
  let failure: unknown;
  let probed = false;
  if (!limitedBefore) {
    probed = true;
    try {
      await check.probe();
    } catch (error) {
      failure = error;
    }
  }
  const checkedAt = new Date(clock.now());
  const status = await limiter.getRemaining("linear", resource);
  const limited = limitedBefore ?? limitedMessage(status, complexityEstimate, checkedAt.getTime());
  const message = failure
    ? `Linear is not reachable: ${failure instanceof Error ? failure.message : String(failure)}`
    : limited;
  return healthStatusSchema.parse({
    platform: "linear",
    status: failure ? "unhealthy" : limited ? "degraded" : "healthy",
    checkedAt,
    ...(probed ? { latencyMs: Math.max(0, checkedAt.getTime() - startedAt) } : {}),
    ...(message ? { message } : {}),
    rateLimits: Object.fromEntries(
      status.buckets.map((bucket) => [
        bucket.name,
        {
          remaining: bucket.remaining,
          limit: bucket.limit,
          ...(bucket.resetAt === undefined ? {} : { resetAt: new Date(bucket.resetAt) }),
        },
      ]),
    ),
    details: { apiUrl: check.apiUrl, probed },
  });
}
