import type { Cache } from "../cache/cache";
import type { Clock } from "../clock/clock";
import type { Instrumentation } from "../contracts/instrumentation";
import { parseWithSchema } from "../errors/parse-with-schema";
import type { EventBus } from "../events/event-bus";
import { type RetryPolicy, type RetryPolicyInput, retryPolicySchema } from "../models/retry-policy";
import type { OperationKind } from "../rate-limit/rate-limit-profile";
import type { RateLimiter, RateLimitGrant } from "../rate-limit/rate-limiter";
import type { ResilientResponse, ResponseClassifier } from "./resilient-response";

/** The shared part of resilience: one per platform client. */
export interface ResiliencePolicy {
  /** Platform id, e.g. `github`. */
  platform: string;
  /** Rate limiter; without one, requests are not paced. */
  limiter?: RateLimiter | undefined;
  /** Response cache; without one, nothing is cached. */
  cache?: Cache | undefined;
  /** Retry policy (attempts, backoff, jitter); defaults to 3 attempts from 1 s. */
  retryPolicy?: RetryPolicyInput | RetryPolicy | undefined;
  /** Platform classifier (e.g. `@contexten/github`'s `classifyGitHubResponse`); defaults to plain HTTP rules. */
  classify?: ResponseClassifier | undefined;
  /** Receives `onApiRequest` and `onRateLimitWait`. */
  instrumentation?: Instrumentation | undefined;
  /** Receives `rate-limit` events. */
  eventBus?: EventBus | undefined;
  /** Time source; defaults to the system clock. */
  clock?: Clock | undefined;
  /** Random numbers in [0, 1) for jitter; defaults to `Math.random`. */
  random?: (() => number) | undefined;
  /** A rate limit asking to wait longer than this fails with `RateLimitError` instead; default 15 min. */
  maxRateLimitWaitMs?: number | undefined;
  /** Per-attempt timeout, ms; none by default. */
  timeoutMs?: number | undefined;
}

/** The per-call part of resilience. */
export interface ResilientCall {
  /** Rate-limit resource, e.g. `core`, `chat.postMessage:C123`, `graphql`. */
  resource: string;
  /** Units of the resource's primary budget; default 1. */
  cost?: number | undefined;
  /** What the request does; default `read`. */
  kind?: OperationKind | undefined;
  /** Whether sending it twice is harmless; defaults from `method` (GET, HEAD, OPTIONS, PUT, DELETE). */
  idempotent?: boolean | undefined;
  /** Caches the response under this key and revalidates it with `If-None-Match`. */
  cacheKey?: string | undefined;
  /** `ttl` (default): serve fresh entries without a request; `revalidate`: always ask, 304s are free. */
  cacheMode?: "ttl" | "revalidate" | undefined;
  /** Overrides the platform's cache TTL, seconds. */
  cacheTtlSeconds?: number | undefined;
  /** Cancels waiting, backoff and the request. */
  signal?: AbortSignal | undefined;
  /** HTTP method, for idempotency, errors and instrumentation; defaults to GET for reads, POST otherwise. */
  method?: string | undefined;
  /** URL, for errors. */
  url?: string | undefined;
  /** Route template or method name for instrumentation, e.g. `GET /repos/{owner}/{repo}`. */
  endpoint?: string | undefined;
  /** Return `fatal` responses (4xx) instead of throwing, for SDKs that parse them. */
  returnNonRetryable?: boolean | undefined;
}

/** What one attempt gets. */
export interface AttemptContext {
  /** Attempt number, 1-based. */
  attempt: number;
  /** Aborts on the caller's signal or the per-attempt timeout. */
  signal: AbortSignal;
  /** `If-None-Match` / `If-Modified-Since` to send (empty when nothing is cached). */
  conditionalHeaders: Record<string, string>;
  /** The rate-limit budget this attempt holds, if a limiter is used. */
  grant: RateLimitGrant | undefined;
}

/** One attempt: send the request, return the normalized response (throw only on network failure). */
export type ResilientOperation<Body> = (
  context: AttemptContext,
) => Promise<ResilientResponse<Body>>;

/** The response, with where it came from. */
export interface ResilientResult<Body> extends ResilientResponse<Body> {
  /** `fresh`: served from cache without a request; `revalidated`: a 304 confirmed it; false: from the platform. */
  cached: "fresh" | "revalidated" | false;
  /** Attempts made (0 when served fresh from cache). */
  attempts: number;
}

/** Parsed policies by input object, so a client's policy is validated once, not per call. */
const parsedPolicies = new WeakMap<object, RetryPolicy>();

/** The parsed retry policy of a client, validated once per policy object. */
export function resolveRetryPolicy(input: RetryPolicyInput | RetryPolicy | undefined): RetryPolicy {
  if (input === undefined) return parseWithSchema(retryPolicySchema, {}, "retry policy");
  let parsed = parsedPolicies.get(input);
  if (!parsed) {
    parsed = parseWithSchema(retryPolicySchema, input, "retry policy");
    parsedPolicies.set(input, parsed);
  }
  return parsed;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
/** Default of {@link ResiliencePolicy.maxRateLimitWaitMs}: 15 minutes. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;

/** True for HTTP methods that are idempotent by definition. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
