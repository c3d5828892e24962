import { describe, expect, it } from "vitest";
import { RateLimitError } from "../errors/rate-limit-error";
import { epochHeaderMs, normalizeHeaders, parseRetryAfter } from "../rate-limit/rate-limit-headers";
import { TEST_REQUEST_INFO, testResponse } from "../testing/request-rule-fixtures";
import { classifyHttpResponse } from "./classify-http-response";
import { findApiCallError } from "./find-api-call-error";
import { parseGraphqlOperation } from "./graphql-operation";
import { readRequestParams } from "./read-request-params";

const NOW = Date.UTC(2030, 0, 1);
const request = TEST_REQUEST_INFO;
const response = testResponse;

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
});

describe("request bodies", () => {
  it("reads JSON, form-encoded and URLSearchParams bodies as objects", () => {
    expect(readRequestParams('{"channel":"C9","text":"hi"}', "application/json")).toEqual({
      channel: "C9",
      text: "hi",
    });
    expect(readRequestParams("channel=C1&ts=1", "application/x-www-form-urlencoded")).toEqual({
      channel: "C1",
      ts: "1",
    });
    expect(readRequestParams(new URLSearchParams({ channel: "C7" }))).toEqual({ channel: "C7" });
    expect(readRequestParams(new TextEncoder().encode('{"query":"{ a }"}'))).toEqual({
      query: "{ a }",
    });
    expect(readRequestParams("[1, 2]", "application/json")).toEqual({});
    expect(readRequestParams(undefined)).toEqual({});
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
