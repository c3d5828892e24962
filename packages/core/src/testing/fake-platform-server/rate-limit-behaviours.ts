import type { FakeBehaviour, FakeRequest } from "./types";

/** Options of {@link githubRateLimit}. */
export interface GitHubRateLimitOptions {
  /** Requests per window; default 5,000. */
  limit?: number | undefined;
  /** Window length, ms; default one hour. */
  windowMs?: number | undefined;
  /** GitHub resource of a request; default `search` for `/search/*`, `graphql` for `/graphql`, else `core`. */
  resourceOf?: ((request: FakeRequest) => string) | undefined;
}

/** Counting state of one GitHub-style resource. */
export interface GitHubRateLimitWindow {
  /** Requests counted in the window. */
  used: number;
  /** When the window resets, epoch ms (whole seconds); undefined before the first request. */
  resetAt: number | undefined;
  /** Requests refused with 403 so far (all windows). */
  refused: number;
}

function defaultGitHubResource(request: FakeRequest): string {
  if (request.path.startsWith("/search/code")) return "code_search";
  if (request.path.startsWith("/search/")) return "search";
  if (request.path.endsWith("/graphql")) return "graphql";
  return "core";
}

/**
 * GitHub's primary rate limit: a window opens at the first request and resets
 * `windowMs` later (on a whole second, as `x-ratelimit-reset` is in seconds); every
 * response carries `x-ratelimit-limit/-remaining/-reset/-used/-resource`; 304s are not
 * counted; once the window is used up, requests get 403 "API rate limit exceeded" with
 * `x-ratelimit-remaining: 0`. `windows` exposes the counts for assertions.
 */
export function githubRateLimit(
  options: GitHubRateLimitOptions = {},
): FakeBehaviour & { windows: Map<string, GitHubRateLimitWindow> } {
  const limit = options.limit ?? 5_000;
  const windowMs = options.windowMs ?? 3_600_000;
  const resourceOf = options.resourceOf ?? defaultGitHubResource;
  const windows = new Map<string, GitHubRateLimitWindow>();
  const behaviour: FakeBehaviour = async (request, next, { clock }) => {
    const resource = resourceOf(request);
    const now = clock.now();
    let window = windows.get(resource);
    if (!window) {
      window = { used: 0, resetAt: undefined, refused: 0 };
      windows.set(resource, window);
    }
    if (window.resetAt !== undefined && now >= window.resetAt) {
      window.used = 0;
      window.resetAt = undefined;
    }
    const headersOf = (current: GitHubRateLimitWindow) => ({
      "x-ratelimit-limit": limit,
      "x-ratelimit-remaining": Math.max(0, limit - current.used),
      "x-ratelimit-reset": Math.ceil((current.resetAt ?? now + windowMs) / 1000),
      "x-ratelimit-used": current.used,
      "x-ratelimit-resource": resource,
    });
    if (window.used >= limit) {
      window.refused += 1;
      return {
        status: 403,
        headers: headersOf(window),
        json: {
          message: "API rate limit exceeded for installation.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
      };
    }
    const response = await next(request);
    if (response.status !== 304 && !response.reset) {
      window.resetAt ??= Math.ceil((now + windowMs) / 1000) * 1000;
      window.used += 1;
    }
    return { ...response, headers: { ...headersOf(window), ...response.headers } };
  };
  return Object.assign(behaviour, { windows });
}

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

/** Options of {@link slackRateLimit}. */
export interface SlackRateLimitOptions {
  /** Requests per minute allowed for a method; undefined for no limit. Default: none. */
  perMinute?: ((method: string) => number | undefined) | undefined;
  /** Messages a second per channel for posting methods; default 1. */
  perChannelPerSecond?: number | undefined;
  /** Methods paced per channel; default `chat.postMessage`, `chat.postEphemeral`, `chat.meMessage`. */
  postingMethods?: readonly string[] | undefined;
}

/**
 * Slack's limits: posting methods allow `perChannelPerSecond` messages per channel (any two
 * messages to a channel at least `1000 / perChannelPerSecond` ms apart), and methods with
 * a `perMinute` limit allow that many in any 60 s. A refused call gets 429 with
 * `Retry-After` (seconds) and `{ ok: false, error: "ratelimited" }`. `refused` counts them.
 */
export function slackRateLimit(
  options: SlackRateLimitOptions = {},
): FakeBehaviour & { readonly refused: number } {
  const state = { refused: 0 };
  const interval = 1000 / (options.perChannelPerSecond ?? 1);
  const posting = new Set(
    options.postingMethods ?? ["chat.postMessage", "chat.postEphemeral", "chat.meMessage"],
  );
  const lastPost = new Map<string, number>();
  const calls = new Map<string, number[]>();
  const refuse = (waitMs: number) => {
    state.refused += 1;
    return {
      status: 429,
      headers: { "retry-after": Math.max(1, Math.ceil(waitMs / 1000)) },
      json: { ok: false, error: "ratelimited" },
    };
  };
  const behaviour: FakeBehaviour = async (request, next, { clock }) => {
    const now = clock.now();
    const method = request.path.split("/").filter(Boolean).pop() ?? "";
    const fields = (
      typeof request.body === "object" && request.body !== null ? request.body : {}
    ) as Record<string, unknown>;
    const channel = typeof fields.channel === "string" ? fields.channel : undefined;
    if (channel !== undefined && posting.has(method)) {
      const previous = lastPost.get(channel);
      if (previous !== undefined && now - previous < interval)
        return refuse(interval - (now - previous));
    }
    const perMinute = options.perMinute?.(method);
    if (perMinute !== undefined) {
      const recent = (calls.get(method) ?? []).filter((at) => at > now - 60_000);
      calls.set(method, recent);
      if (recent.length >= perMinute) return refuse(recent[0]! + 60_000 - now);
      recent.push(now);
    }
    if (channel !== undefined && posting.has(method)) lastPost.set(channel, now);
    return next(request);
  };
  return Object.defineProperty(behaviour, "refused", {
    get: () => state.refused,
  }) as FakeBehaviour & {
    readonly refused: number;
  };
}
