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
import { LINEAR_DEFAULT_COMPLEXITY_ESTIMATE } from "./linear-rate-limits";

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

/**
 * Linear: every call is a GraphQL POST on resource `graphql`, charged
 * `complexityEstimate` points up front (settled from `X-Complexity`); mutations are
 * `write` and not idempotent.
 */
export function resolveLinearRequest(
  request: OutgoingRequest,
  options: { complexityEstimate?: number } = {},
): ResolvedRequest {
  const params = readRequestParams(request.body, request.headers.get("content-type"));
  const operation = parseGraphqlOperation(typeof params.query === "string" ? params.query : "");
  const name = typeof params.operationName === "string" ? params.operationName : operation.name;
  const mutation = operation.type === "mutation";
  return {
    resource: "graphql",
    cost: options.complexityEstimate ?? LINEAR_DEFAULT_COMPLEXITY_ESTIMATE,
    kind: mutation ? "write" : "read",
    idempotent: !mutation,
    cacheKey: false,
    endpoint: `graphql ${name ?? operation.type}`,
  };
}
