import type { FakeBehaviour, FakeRequest } from "@contexten/core/testing";

/** A leaky bucket of the Linear kind. */
interface LeakyBucket {
  limit: number;
  windowMs: number;
  level: number;
  updatedAt: number;
}

function fullBucket(spec: { limit: number; windowMs: number }, now: number): LeakyBucket {
  return { ...spec, level: spec.limit, updatedAt: now };
}

function refill(bucket: LeakyBucket, now: number): void {
  const elapsed = Math.max(0, now - bucket.updatedAt);
  bucket.level = Math.min(bucket.limit, bucket.level + (elapsed * bucket.limit) / bucket.windowMs);
  bucket.updatedAt = now;
}

/** Options of {@link linearRateLimit}. */
export interface LinearRateLimitOptions {
  /** Request budget; default 5,000 an hour. */
  requests?: { limit: number; windowMs: number } | undefined;
  /** Complexity budget; default 250,000 points an hour. */
  complexity?: { limit: number; windowMs: number } | undefined;
  /** Complexity of a request; default 1. */
  complexityOf?: ((request: FakeRequest) => number) | undefined;
  /** HTTP status of a `RATELIMITED` answer; default 400. */
  rateLimitedStatus?: number | undefined;
}

/**
 * Linear's limits: two leaky buckets (requests, complexity) refilled continuously; every
 * response carries `X-RateLimit-Requests-Limit/-Remaining/-Reset`,
 * `X-RateLimit-Complexity-Limit/-Remaining/-Reset` (reset in epoch ms: when the bucket is
 * full again) and `X-Complexity`; an exhausted bucket answers a GraphQL error with
 * `extensions.code: RATELIMITED`. `refused` counts those answers.
 *
 * A behaviour for core's fake platform server kit (`startFakePlatformServer`,
 * `startFakeTimeHarness` from `@contexten/core/testing`); `startFakeLinearServer` and
 * `mountFakeLinear` apply it by themselves (their `rateLimit` option).
 *
 * @example
 * const rateLimit = linearRateLimit({ requests: { limit: 10, windowMs: 60_000 } });
 * harness.server.use(rateLimit).graphql("Issue", () => ({ json: { data: { issue: null } } }));
 * // … after the client ran:
 * expect(rateLimit.refused).toBe(0);
 */
export function linearRateLimit(
  options: LinearRateLimitOptions = {},
): FakeBehaviour & { readonly refused: number } {
  const state = { refused: 0 };
  let buckets: { requests: LeakyBucket; complexity: LeakyBucket } | undefined;
  const behaviour: FakeBehaviour = async (request, next, { clock }) => {
    const now = clock.now();
    buckets ??= {
      requests: fullBucket(options.requests ?? { limit: 5_000, windowMs: 3_600_000 }, now),
      complexity: fullBucket(options.complexity ?? { limit: 250_000, windowMs: 3_600_000 }, now),
    };
    refill(buckets.requests, now);
    refill(buckets.complexity, now);
    const cost = options.complexityOf?.(request) ?? 1;
    const headers = () => {
      const out: Record<string, number> = { "x-complexity": cost };
      for (const [name, bucket] of Object.entries(buckets!)) {
        const missing = bucket.limit - bucket.level;
        out[`x-ratelimit-${name}-limit`] = bucket.limit;
        out[`x-ratelimit-${name}-remaining`] = Math.max(0, Math.floor(bucket.level));
        out[`x-ratelimit-${name}-reset`] = Math.ceil(
          now + (missing * bucket.windowMs) / bucket.limit,
        );
      }
      return out;
    };
    if (buckets.requests.level < 1 || buckets.complexity.level < cost) {
      state.refused += 1;
      return {
        status: options.rateLimitedStatus ?? 400,
        headers: headers(),
        json: {
          errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }],
        },
      };
    }
    buckets.requests.level -= 1;
    buckets.complexity.level -= cost;
    const response = await next(request);
    return { ...response, headers: { ...headers(), ...response.headers } };
  };
  return Object.defineProperty(behaviour, "refused", {
    get: () => state.refused,
  }) as FakeBehaviour & {
    readonly refused: number;
  };
}
