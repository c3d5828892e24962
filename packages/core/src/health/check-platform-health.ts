import { type Clock, systemClock } from "../clock/clock";
import type { AuthenticationResult } from "../contracts/platform-interface";
import type { HealthStatus } from "../models/health-status";
import type { RateLimiter, RateLimitStatus } from "../rate-limit/rate-limiter";

/** Options of {@link checkPlatformHealth}. */
export interface PlatformHealthCheck {
  /** Platform id reported. */
  platform: string;
  /** One cheap authenticated call (the client's `authenticate()`). */
  authenticate: () => Promise<AuthenticationResult>;
  /** The client's rate limiter, to report the remaining budget and never wait for it. */
  limiter?: RateLimiter;
  /** Resource the probe draws from, whose buckets are reported (`core`, `auth.test`, …). */
  resource?: string;
  /** Units a request needs from a bucket, by bucket name, when more than 1 (a complexity estimate). */
  needed?: Readonly<Record<string, number>>;
  /** Time source for latency and `checkedAt`; default the system clock. */
  clock?: Pick<Clock, "now">;
}

/** Why the next request would wait, or undefined when it would not. */
function waitReason(
  check: PlatformHealthCheck,
  status: RateLimitStatus,
  now: number,
): string | undefined {
  if (status.blockedUntil !== undefined && status.blockedUntil > now) {
    return `${check.platform} asked to pause until ${new Date(status.blockedUntil).toISOString()}`;
  }
  const short = status.buckets.filter(
    (bucket) => bucket.remaining < (check.needed?.[bucket.name] ?? 1),
  );
  if (short.length === 0) return undefined;
  const buckets = short
    .map((bucket) => `${bucket.name} ${Math.floor(bucket.remaining)}/${bucket.limit}`)
    .join(", ");
  return `Out of ${check.platform} rate-limit budget (${buckets}): requests are waiting`;
}

/**
 * The `getHealthStatus()` of a `PlatformInterface`, the same way for every adapter. When
 * the limiter could serve a request now, `authenticate()` is called and timed; when it
 * could not (a bucket short of budget, or a pause the platform imposed) the probe is
 * skipped, so a health check never waits for budget, and the status is `degraded`.
 * `unhealthy` when credentials are refused or the call fails; the remaining budget of each
 * bucket of `resource` is reported. Never throws for a failing platform: the reason is in
 * `message`.
 */
export async function checkPlatformHealth(check: PlatformHealthCheck): Promise<HealthStatus> {
  const clock = check.clock ?? systemClock;
  const budget = async () =>
    check.limiter && check.resource
      ? check.limiter.getRemaining(check.platform, check.resource)
      : undefined;
  const before = await budget();
  const limited = before ? waitReason(check, before, clock.now()) : undefined;
  let status: HealthStatus["status"] = limited ? "degraded" : "healthy";
  let message = limited;
  let identity: string | undefined;
  let latencyMs: number | undefined;
  if (!limited) {
    const started = clock.now();
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
    latencyMs = Math.max(0, clock.now() - started);
  }
  const checkedAt = clock.now();
  const after = await budget();
  const rateLimits: HealthStatus["rateLimits"] = {};
  for (const bucket of after?.buckets ?? []) {
    rateLimits[bucket.name] = {
      remaining: bucket.remaining,
      limit: bucket.limit,
      ...(bucket.resetAt === undefined ? {} : { resetAt: new Date(bucket.resetAt) }),
    };
  }
  return {
    platform: check.platform,
    status,
    checkedAt: new Date(checkedAt),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    rateLimits,
    details: identity ? { identity } : {},
    ...(message ? { message } : {}),
  };
}
