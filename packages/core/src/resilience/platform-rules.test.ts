import { describe, expect, it } from "vitest";
import { RateLimitError } from "../errors/rate-limit-error";
import { epochHeaderMs, normalizeHeaders, parseRetryAfter } from "../rate-limit/rate-limit-headers";
import { classifyHttpResponse } from "./classify-http-response";
import { findApiCallError } from "./find-api-call-error";
import { parseGraphqlOperation } from "./graphql-operation";
import {
  classifyGitHubResponse,
  classifyLinearResponse,
  classifySlackResponse,
} from "./platform-classifiers";
import {
  resolveGitHubRequest,
  resolveLinearRequest,
  resolveSlackRequest,
} from "./platform-requests";
import type { OutgoingRequest } from "./resilient-fetch";

const NOW = Date.UTC(2030, 0, 1);
const request = {
  platform: "test",
  method: "GET",
  url: undefined,
  resource: "core",
  idempotent: true,
};
const response = (status: number, headers: Record<string, string> = {}, body: unknown = "") => ({
  status,
  headers,
  body,
});

function outgoing(
  method: string,
  url: string,
  body?: string,
  contentType?: string,
): OutgoingRequest {
  return {
    method,
    url: new URL(url),
    headers: new Headers(contentType ? { "content-type": contentType } : {}),
    body,
  };
}

describe("classifiers", () => {
  it("HTTP baseline: 429 rate-limited, 5xx and 408 retryable, other 4xx fatal", () => {
    expect(classifyHttpResponse(response(200))).toEqual({ outcome: "success" });
    expect(classifyHttpResponse(response(304))).toEqual({ outcome: "success" });
    expect(classifyHttpResponse(response(429, { "retry-after": "7" }), request, NOW)).toEqual({
      outcome: "rate-limited",
      retryAfterMs: 7_000,
    });
    expect(classifyHttpResponse(response(503), request, NOW).outcome).toBe("retryable");
    expect(classifyHttpResponse(response(408), request, NOW).outcome).toBe("retryable");
    expect(classifyHttpResponse(response(400), request, NOW)).toEqual({ outcome: "fatal" });
    expect(classifyHttpResponse(response(422), request, NOW)).toEqual({ outcome: "fatal" });
  });

  it("GitHub: secondary-limit and primary-limit 403s are rate limits; a permission 403 is not", () => {
    expect(classifyGitHubResponse(response(403, { "retry-after": "30" }), request, NOW)).toEqual({
      outcome: "rate-limited",
      retryAfterMs: 30_000,
    });
    const reset = `${NOW / 1000 + 120}`;
    expect(
      classifyGitHubResponse(
        response(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "rate-limited", retryAfterMs: 120_000 });
    expect(
      classifyGitHubResponse(
        response(403, {}, JSON.stringify({ message: "You have exceeded a secondary rate limit." })),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "rate-limited", retryAfterMs: 60_000 });
    expect(
      classifyGitHubResponse(
        response(
          403,
          { "x-ratelimit-remaining": "4000" },
          { message: "Resource not accessible by integration" },
        ),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "fatal" });
  });

  it("Slack: 429 and ok:false ratelimited are rate limits; other ok:false answers are the SDK's", () => {
    expect(
      classifySlackResponse(response(429, { "retry-after": "3" }), request, NOW),
    ).toMatchObject({
      outcome: "rate-limited",
      retryAfterMs: 3_000,
    });
    expect(
      classifySlackResponse(response(200, {}, '{"ok":false,"error":"ratelimited"}'), request, NOW),
    ).toMatchObject({
      outcome: "rate-limited",
      platformCode: "ratelimited",
    });
    expect(
      classifySlackResponse(
        response(200, {}, '{"ok":false,"error":"channel_not_found"}'),
        request,
        NOW,
      ),
    ).toEqual({
      outcome: "success",
    });
  });

  it("Linear: RATELIMITED waits for the reset of the exhausted budget", () => {
    const body = {
      errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }],
    };
    const headers = {
      "x-ratelimit-requests-remaining": "10",
      "x-ratelimit-requests-reset": `${NOW + 5_000}`,
      "x-ratelimit-complexity-remaining": "0",
      "x-ratelimit-complexity-reset": `${NOW + 45_000}`,
    };
    expect(classifyLinearResponse(response(400, headers, body), request, NOW)).toEqual({
      outcome: "rate-limited",
      retryAfterMs: 45_000,
      platformCode: "RATELIMITED",
    });
    expect(
      classifyLinearResponse(
        response(400, {}, { errors: [{ message: "Argument Validation Error" }] }),
        request,
        NOW,
      ),
    ).toEqual({
      outcome: "fatal",
    });
    expect(classifyLinearResponse(response(200, {}, '{"data":{}}'), request, NOW)).toEqual({
      outcome: "success",
    });
  });
});

describe("request resolvers", () => {
  it("GitHub: resources, content creation, mutations and Enterprise prefixes", () => {
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/repos/a/b/pulls/1")),
    ).toEqual({
      resource: "core",
      kind: "read",
      endpoint: "GET /repos/a/b/pulls/1",
    });
    expect(
      resolveGitHubRequest(outgoing("POST", "https://api.github.com/repos/a/b/issues")).kind,
    ).toBe("create");
    expect(
      resolveGitHubRequest(outgoing("POST", "https://api.github.com/repos/a/b/issues/3/comments"))
        .kind,
    ).toBe("create");
    expect(
      resolveGitHubRequest(outgoing("PATCH", "https://api.github.com/repos/a/b/issues/3")).kind,
    ).toBe("write");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/search/issues?q=x")).resource,
    ).toBe("search");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/search/code?q=x")).resource,
    ).toBe("code_search");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://ghe.acme.dev/api/v3/repos/a/b")).endpoint,
    ).toBe("GET /repos/a/b");
    const mutation = resolveGitHubRequest(
      outgoing(
        "POST",
        "https://ghe.acme.dev/api/graphql",
        JSON.stringify({ query: "mutation AddComment { x }" }),
      ),
    );
    expect(mutation).toMatchObject({
      resource: "graphql",
      kind: "write",
      idempotent: false,
      endpoint: "graphql AddComment",
    });
    const query = resolveGitHubRequest(
      outgoing(
        "POST",
        "https://api.github.com/graphql",
        JSON.stringify({ query: "{ viewer { login } }" }),
      ),
    );
    expect(query).toMatchObject({ resource: "graphql", kind: "read", idempotent: true });
  });

  it("Slack: posting is paced per channel from form or JSON bodies; reads are idempotent", () => {
    const form = outgoing(
      "POST",
      "https://slack.com/api/chat.postMessage",
      "channel=C123&text=hi",
      "application/x-www-form-urlencoded",
    );
    expect(resolveSlackRequest(form)).toEqual({
      resource: "chat.postMessage:C123",
      kind: "create",
      idempotent: false,
      cacheKey: false,
      endpoint: "chat.postMessage",
    });
    const json = outgoing(
      "POST",
      "https://slack.com/api/chat.postMessage",
      '{"channel":"C9","text":"hi"}',
      "application/json",
    );
    expect(resolveSlackRequest(json).resource).toBe("chat.postMessage:C9");
    expect(
      resolveSlackRequest({ ...json, body: new URLSearchParams({ channel: "C7" }) }).resource,
    ).toBe("chat.postMessage:C7");
    expect(
      resolveSlackRequest(outgoing("POST", "https://slack.com/api/users.info", "user=U1")),
    ).toMatchObject({
      resource: "users.info",
      kind: "read",
      idempotent: true,
    });
    expect(
      resolveSlackRequest(outgoing("POST", "https://slack.com/api/chat.update", "channel=C1&ts=1")),
    ).toMatchObject({
      resource: "chat.update",
      kind: "write",
    });
  });

  it("Linear: mutations are writes; the complexity estimate is configurable", () => {
    const mutation = outgoing(
      "POST",
      "https://api.linear.app/graphql",
      JSON.stringify({
        query:
          "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }",
      }),
    );
    expect(resolveLinearRequest(mutation)).toEqual({
      resource: "graphql",
      cost: 100,
      kind: "write",
      idempotent: false,
      cacheKey: false,
      endpoint: "graphql IssueCreate",
    });
    const query = outgoing(
      "POST",
      "https://api.linear.app/graphql",
      JSON.stringify({ query: "query { viewer { id } }", operationName: "Me" }),
    );
    expect(resolveLinearRequest(query, { complexityEstimate: 5 })).toMatchObject({
      cost: 5,
      kind: "read",
      endpoint: "graphql Me",
    });
  });
});

describe("helpers", () => {
  it("parses GraphQL operations after fragments and comments", () => {
    expect(parseGraphqlOperation("# list\nquery Issues { issues { nodes { id } } }")).toEqual({
      type: "query",
      name: "Issues",
    });
    expect(parseGraphqlOperation("fragment F on Issue { id } mutation Save { x }")).toEqual({
      type: "mutation",
      name: "Save",
    });
    expect(parseGraphqlOperation("{ viewer { id } }")).toEqual({ type: "query", name: undefined });
  });

  it("reads Retry-After as seconds or a date, and epoch resets in seconds or milliseconds", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7_000);
    expect(parseRetryAfter(new Date(NOW + 3_000).toUTCString(), NOW)).toBe(3_000);
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(epochHeaderMs({ a: "1893456000" }, "a")).toBe(1_893_456_000_000);
    expect(epochHeaderMs({ a: "1893456000123" }, "a")).toBe(1_893_456_000_123);
    expect(normalizeHeaders({ "X-A": ["1", "2"], "X-B": 3, "X-C": undefined })).toEqual({
      "x-a": "1, 2",
      "x-b": "3",
    });
    expect(normalizeHeaders([["X-D", "4"]])).toEqual({ "x-d": "4" });
  });

  it("finds a contexten error wrapped by an SDK", () => {
    const inner = new RateLimitError({ platform: "github", url: "u", retryAfterMs: 1_000 });
    const octokitStyle = Object.assign(new Error("request failed"), { cause: inner });
    const slackStyle = Object.assign(new Error("A request error occurred"), { original: inner });
    expect(findApiCallError(octokitStyle)).toBe(inner);
    expect(findApiCallError(slackStyle)).toBe(inner);
    expect(findApiCallError(new Error("other"))).toBeUndefined();
  });
});
