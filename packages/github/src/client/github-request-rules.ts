import {
  classifyHttpResponse,
  epochHeaderMs,
  numericHeader,
  type OutgoingRequest,
  parseGraphqlOperation,
  parseRetryAfter,
  type ResilientRequestInfo,
  type ResilientResponse,
  type ResolvedRequest,
  type ResponseClassification,
  readJsonBody,
  readRequestParams,
} from "@contexten/core/adapter";

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

/** POSTs that create content GitHub notifies about (issues, comments, PRs, reviews, releases…). */
const GITHUB_CONTENT_CREATION =
  /\/(issues|pulls|comments|reviews|replies|releases|discussions|gists|forks)$/;

/**
 * GitHub: `/search/code` → `code_search`, `/search/*` → `search`, `/graphql` → `graphql`
 * (a mutation is a `write`), anything else → `core`; POSTs creating content are `create`
 * (content-creation limits), other non-GET methods `write`. Handles GitHub Enterprise's
 * `/api/v3` and `/api/graphql` prefixes.
 */
export function resolveGitHubRequest(request: OutgoingRequest): ResolvedRequest {
  const path = request.url.pathname.replace(/^\/api\/v3(?=\/)/, "").replace(/\/+$/, "");
  if (path === "/graphql" || path === "/api/graphql") {
    const query = readRequestParams(request.body, request.headers.get("content-type")).query;
    const operation = parseGraphqlOperation(typeof query === "string" ? query : "");
    const mutation = operation.type === "mutation";
    return {
      resource: "graphql",
      kind: mutation ? "write" : "read",
      idempotent: !mutation,
      cacheKey: false,
      endpoint: `graphql ${operation.name ?? operation.type}`,
    };
  }
  const resource = path.startsWith("/search/code")
    ? "code_search"
    : path.startsWith("/search/")
      ? "search"
      : "core";
  const method = request.method;
  const kind =
    method === "GET" || method === "HEAD"
      ? "read"
      : method === "POST" && GITHUB_CONTENT_CREATION.test(path)
        ? "create"
        : "write";
  return { resource, kind, endpoint: `${method} ${path}` };
}
