import { LINEAR_DEFAULT_COMPLEXITY_ESTIMATE } from "../rate-limit/linear-rate-limits";
import { SLACK_POSTING_METHODS, slackResource } from "../rate-limit/slack-rate-limits";
import { parseGraphqlOperation } from "./graphql-operation";
import type { FetchBody, OutgoingRequest, ResolvedRequest } from "./resilient-fetch";
import { readJsonBody } from "./resilient-response";

/** Reads a request body as an object: JSON, form-encoded or `URLSearchParams`. */
export function readRequestParams(
  body: FetchBody,
  contentType?: string | null,
): Record<string, unknown> {
  if (body instanceof URLSearchParams) return Object.fromEntries(body);
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  if (text === undefined) return {};
  const json = readJsonBody(text);
  if (json && typeof json === "object" && !Array.isArray(json))
    return json as Record<string, unknown>;
  if (contentType?.includes("json")) return {};
  return Object.fromEntries(new URLSearchParams(text));
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

/** Slack read methods: safe to resend. */
const SLACK_READ_VERB =
  /\.(list|info|history|replies|members|conversations|test|get[A-Za-z]*|lookup[A-Za-z]*)$/;

/**
 * Slack: the method from `/api/<method>`; posting methods are paced per `channel` (from the
 * form or JSON body) and are `create`; reads (`*.list`, `*.info`, `*.history` …) are
 * idempotent, everything else a `write`. Every Web API call is a POST, so nothing is
 * cached by default.
 */
export function resolveSlackRequest(request: OutgoingRequest): ResolvedRequest {
  const method = request.url.pathname.split("/").filter(Boolean).pop() ?? "unknown";
  const params = readRequestParams(request.body, request.headers.get("content-type"));
  const channel = typeof params.channel === "string" ? params.channel : undefined;
  const read = SLACK_READ_VERB.test(method);
  return {
    resource: slackResource(method, channel),
    kind: SLACK_POSTING_METHODS.has(method) ? "create" : read ? "read" : "write",
    idempotent: read,
    cacheKey: false,
    endpoint: method,
  };
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
