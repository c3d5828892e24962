import {
  classifyHttpResponse,
  type OutgoingRequest,
  parseRetryAfter,
  type ResilientRequestInfo,
  type ResilientResponse,
  type ResolvedRequest,
  type ResponseClassification,
  readJsonBody,
  readRequestParams,
} from "@contexten/core/adapter";
import { SLACK_POSTING_METHODS, slackResource } from "./slack-rate-limits";

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
