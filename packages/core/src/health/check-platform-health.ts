import { type Clock, systemClock } from "../clock/clock";
import { ApiCallError } from "../errors/api-call-error";
import { type HealthStatus, healthStatusSchema } from "../models/health-status";
import type { RateLimiter, RateLimitStatus } from "../rate-limit/rate-limiter";

/**
 * What a health probe found. An `AuthenticationResult` is one, so a client's
 * `authenticate()` can serve as the probe as it is.
 */
export interface HealthProbeResult {
  /** False when the platform refused the credentials: `unhealthy`. Default true. */
  authenticated?: boolean;
  /** Who the client is on the platform, reported as `details.identity`. */
  identity?: string | undefined;
  /** Why the credentials were refused. */
  message?: string | undefined;
  /**
   * Budgets as the platform itself reported them (GitHub's `GET /rate_limit`). They are
   * reported as `rateLimits`; the limiter's own view then moves to `details.limiter`.
   */
  rateLimits?: HealthStatus["rateLimits"] | undefined;
  /** The platform's answer shows the integration is limited (little budget left): `degraded`, with this message. */
  degraded?: string | undefined;
  /** More to report in `details`. */
  details?: Record<string, unknown> | undefined;
}

/** Options of {@link checkPlatformHealth}. */
export interface PlatformHealthCheck {
  /** Platform id reported. */
  platform: string;
  /** The platform's name in messages, e.g. `GitHub`; default the platform id. */
  name?: string;
  /** One cheap call: the client's `authenticate()`, or a platform-specific status call. */
  probe: () => Promise<HealthProbeResult>;
  /** The client's rate limiter, to report the remaining budget and never wait for it. */
  limiter?: RateLimiter;
  /** Resource the probe draws from, whose buckets are reported (`core`, `auth.test`, …). */
  resource?: string;
  /** Units a request needs from a bucket, by bucket name, when more than 1 (a complexity estimate). */
  needed?: Readonly<Record<string, number>>;
  /** Always reported in `details` (API URL, kind of credentials). */
  details?: Record<string, unknown>;
  /** Time source for latency and `checkedAt`; default the system clock. */
  clock?: Pick<Clock, "now">;
}

/** Why the next request would wait, or undefined when it would not. */
function waitReason(
  check: PlatformHealthCheck,
  status: RateLimitStatus | undefined,
  now: number,
): string | undefined {
  if (!status) return undefined;
  const name = check.name ?? check.platform;
  if (status.blockedUntil !== undefined && status.blockedUntil > now) {
    return `${name} asked to pause until ${new Date(status.blockedUntil).toISOString()}; requests are waiting until then.`;
  }
  const short = status.buckets.filter(
    (bucket) => bucket.remaining < (check.needed?.[bucket.name] ?? 1),
  );
  if (short.length === 0) return undefined;
  const buckets = short
    .map((bucket) => `${bucket.name} ${Math.floor(bucket.remaining)}/${bucket.limit}`)
    .join(", ");
  return `Out of ${name} rate-limit budget (${buckets}): requests are waiting for it.`;
}

function rateLimitsOf(status: RateLimitStatus | undefined): HealthStatus["rateLimits"] {
  const rateLimits: HealthStatus["rateLimits"] = {};
  for (const bucket of status?.buckets ?? []) {
    rateLimits[bucket.name] = {
      remaining: bucket.remaining,
      limit: bucket.limit,
      ...(bucket.resetAt === undefined ? {} : { resetAt: new Date(bucket.resetAt) }),
    };
  }
  return rateLimits;
}

/**
 * The `getHealthStatus()` of a `PlatformInterface`, the same way for every adapter. When
 * the limiter could serve a request now, the probe is called and timed; when it could not
 * (a bucket short of budget, or a pause the platform imposed) the probe is skipped, so a
 * health check never waits for budget, and the status is `degraded`. After the probe the
 * budget is judged again, since its response headers may have taught the limiter the
 * platform's real numbers. `unhealthy` when the credentials are refused or the probe
 * fails (an `ApiCallError`'s HTTP status is in `details.status`); `details.probed` says
 * whether the platform was called. Never throws for a failing platform: the reason is in
 * `message`.
 */
export async function checkPlatformHealth(check: PlatformHealthCheck): Promise<HealthStatus> {
  const clock = check.clock ?? systemClock;
  const budget = async () =>
    check.limiter && check.resource
      ? check.limiter.getRemaining(check.platform, check.resource)
      : undefined;
  const limitedBefore = waitReason(check, await budget(), clock.now());
  let failure: string | undefined;
  let found: HealthProbeResult = {};
  let status: number | undefined;
  let latencyMs: number | undefined;
  if (!limitedBefore) {
    const started = clock.now();
    try {
      found = await check.probe();
      if (found.authenticated === false) failure = found.message ?? "The credentials were refused";
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failure = `${check.name ?? check.platform} is not reachable: ${reason}`;
      if (ApiCallError.isInstance(error)) status = error.status;
    }
    latencyMs = Math.max(0, clock.now() - started);
  }
  const checkedAt = clock.now();
  const after = await budget();
  const limited = limitedBefore ?? waitReason(check, after, checkedAt) ?? found.degraded;
  const limiterView = rateLimitsOf(after);
  return healthStatusSchema.parse({
    platform: check.platform,
    status: failure ? "unhealthy" : limited ? "degraded" : "healthy",
    checkedAt: new Date(checkedAt),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    rateLimits: found.rateLimits ?? limiterView,
    details: {
      ...check.details,
      ...found.details,
      ...(found.identity ? { identity: found.identity } : {}),
      ...(status === undefined ? {} : { status }),
      ...(found.rateLimits && after ? { limiter: limiterView } : {}),
      probed: latencyMs !== undefined,
    },
    ...((failure ?? limited) ? { message: failure ?? limited } : {}),
  });
}
