import { epochHeaderMs, numericHeader, parseRetryAfter } from "../rate-limit/rate-limit-headers";
import { classifyHttpResponse } from "./classify-http-response";
import {
  type ResilientRequestInfo,
  type ResilientResponse,
  type ResponseClassification,
  readJsonBody,
} from "./resilient-response";

/** GitHub asks to wait at least a minute after a secondary limit that names no time. */
export const GITHUB_SECONDARY_LIMIT_DEFAULT_WAIT_MS = 60_000;

/**
 * GitHub: a 403 or 429 is a rate limit when it carries `Retry-After` (secondary limit),
 * `x-ratelimit-remaining: 0` (primary limit: wait for `x-ratelimit-reset`) or a "secondary
 * rate limit" message (wait a minute); other 403s are permission errors.
 */
export function classifyGitHubResponse(
  response: ResilientResponse,
  request: ResilientRequestInfo,
  now: number,
): ResponseClassification {
  const { status, headers } = response;
  if (status === 403 || status === 429) {
    const retryAfterMs = parseRetryAfter(headers["retry-after"], now);
    if (retryAfterMs !== undefined) return { outcome: "rate-limited", retryAfterMs };
    if (numericHeader(headers, "x-ratelimit-remaining") === 0) {
      const resetAt = epochHeaderMs(headers, "x-ratelimit-reset");
      return {
        outcome: "rate-limited",
        retryAfterMs: resetAt === undefined ? undefined : Math.max(0, resetAt - now),
      };
    }
    const message = (readJsonBody(response.body) as { message?: unknown } | undefined)?.message;
    if (typeof message === "string" && /secondary rate limit|abuse/i.test(message)) {
      return { outcome: "rate-limited", retryAfterMs: GITHUB_SECONDARY_LIMIT_DEFAULT_WAIT_MS };
    }
  }
  return classifyHttpResponse(response, request, now);
}

/**
 * Slack: 429 with `Retry-After`, or an `ok: false` body whose error is `ratelimited`, is a
 * rate limit. Other `ok: false` answers come with HTTP 200 and are the SDK's business.
 */
export function classifySlackResponse(
  response: ResilientResponse,
  request: ResilientRequestInfo,
  now: number,
): ResponseClassification {
  const body = readJsonBody(response.body) as { ok?: unknown; error?: unknown } | undefined;
  if (response.status === 200 && body?.ok === false && body.error === "ratelimited") {
    return {
      outcome: "rate-limited",
      retryAfterMs: parseRetryAfter(response.headers["retry-after"], now),
      platformCode: "ratelimited",
    };
  }
  return classifyHttpResponse(response, request, now);
}

interface GraphqlErrorBody {
  errors?: { extensions?: { code?: unknown } }[];
}

/**
 * Linear: a GraphQL error with `extensions.code: RATELIMITED` (whatever the HTTP status)
 * is a rate limit; the wait is the reset time of whichever budget is exhausted.
 */
export function classifyLinearResponse(
  response: ResilientResponse,
  request: ResilientRequestInfo,
  now: number,
): ResponseClassification {
  const body = readJsonBody(response.body) as GraphqlErrorBody | undefined;
  const limited = Array.isArray(body?.errors)
    ? body.errors.some((error) => error?.extensions?.code === "RATELIMITED")
    : false;
  if (limited || response.status === 429) {
    const { headers } = response;
    const waits = ["requests", "complexity"]
      .filter((budget) => (numericHeader(headers, `x-ratelimit-${budget}-remaining`) ?? 1) <= 0)
      .map((budget) => epochHeaderMs(headers, `x-ratelimit-${budget}-reset`))
      .filter((resetAt): resetAt is number => resetAt !== undefined)
      .map((resetAt) => Math.max(0, resetAt - now));
    const retryAfterMs =
      parseRetryAfter(headers["retry-after"], now) ??
      (waits.length > 0 ? Math.max(...waits) : undefined);
    return { outcome: "rate-limited", retryAfterMs, platformCode: "RATELIMITED" };
  }
  return classifyHttpResponse(response, request, now);
}
