import { type Clock, systemClock } from "../clock/clock";
import type { AuthenticationResult } from "../contracts/platform-interface";
import type { HealthStatus } from "../models/health-status";
import type { RateLimiter } from "../rate-limit/rate-limiter";

/** Options of {@link checkPlatformHealth}. */
export interface PlatformHealthCheck {
  /** Platform id reported. */
  platform: string;
  /** One cheap authenticated call (the client's `authenticate()`). */
  authenticate: () => Promise<AuthenticationResult>;
  /** The client's rate limiter, to report the remaining budget. */
  limiter?: RateLimiter;
  /** Resource whose buckets are reported (e.g. `core`, `auth.test`, `graphql`). */
  resource?: string;
  /** Time source for latency and `checkedAt`; default the system clock. */
  clock?: Pick<Clock, "now">;
}

/**
 * The `getHealthStatus()` of a `PlatformInterface`, the same way for every adapter: calls
 * `authenticate()` and measures it, and reports the limiter's buckets for `resource`.
 * `healthy` when authenticated with budget left; `degraded` when a bucket is empty (the next
 * request would wait) or paused by the platform; `unhealthy` when credentials are refused
 * or the call fails. Never throws for a failing platform: the reason is in `message`.
 */
export async function checkPlatformHealth(check: PlatformHealthCheck): Promise<HealthStatus> {
  const clock = check.clock ?? systemClock;
  const started = clock.now();
  let status: HealthStatus["status"] = "healthy";
  let message: string | undefined;
  let identity: string | undefined;
  try {
    const auth = await check.authenticate();
    identity = auth.identity;
    if (!auth.authenticated) {
      status = "unhealthy";
      message = auth.message ?? "The credentials were refused";
    }
  } catch (error) {
    status = "unhealthy";
    message = error instanceof Error ? error.message : String(error);
  }
  const latencyMs = Math.max(0, clock.now() - started);
  const now = clock.now();
  const rateLimits: HealthStatus["rateLimits"] = {};
  if (check.limiter && check.resource) {
    const budget = await check.limiter.getRemaining(check.platform, check.resource);
    for (const bucket of budget.buckets) {
      rateLimits[bucket.name] = {
        remaining: bucket.remaining,
        limit: bucket.limit,
        ...(bucket.resetAt === undefined ? {} : { resetAt: new Date(bucket.resetAt) }),
      };
    }
    const starved = budget.buckets.some(
      (bucket) =>
        bucket.remaining < 1 || (bucket.blockedUntil !== undefined && bucket.blockedUntil > now),
    );
    if (status === "healthy" && starved) {
      status = "degraded";
      message = `Out of ${check.platform} rate-limit budget for ${check.resource}: requests are waiting`;
    }
  }
  return {
    platform: check.platform,
    status,
    checkedAt: new Date(now),
    latencyMs,
    rateLimits,
    details: identity ? { identity } : {},
    ...(message ? { message } : {}),
  };
}
