import { describe, expect, it } from "vitest";
import { ApiCallError } from "../errors/api-call-error";
import { NotFoundError } from "../errors/not-found-error";
import { RateLimitError } from "../errors/rate-limit-error";
import { ValidationError } from "../errors/validation-error";
import { retryPolicySchema } from "../models/retry-policy";
import { computeBackoffDelay } from "./backoff";
import { isRetryableError } from "./is-retryable-error";
import { classifyNetworkError } from "./network-error";
import { decideRetry } from "./retry-decision";

const policy = retryPolicySchema.parse({
  maxAttempts: 5,
  baseDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 5_000,
});

describe("computeBackoffDelay", () => {
  it("grows exponentially up to the cap, with full jitter from the random source", () => {
    const exact = { ...policy, jitter: "none" as const };
    expect([1, 2, 3, 4].map((retry) => computeBackoffDelay(exact, retry))).toEqual([
      1_000, 2_000, 4_000, 5_000,
    ]);
    expect(computeBackoffDelay(policy, 3, () => 0.25)).toBe(1_000);
    expect(computeBackoffDelay(policy, 3, () => 0)).toBe(0);
    expect(computeBackoffDelay(policy, 9, () => 0.999)).toBe(4_995);
  });
});

describe("decideRetry", () => {
  const context = { policy, idempotent: true, random: () => 0.5 };

  it("lets Retry-After win over backoff", () => {
    expect(
      decideRetry({ outcome: "rate-limited", retryAfterMs: 7_000 }, { ...context, attempt: 1 }),
    ).toEqual({
      retry: true,
      delayMs: 7_000,
      source: "retry-after",
    });
    expect(decideRetry({ outcome: "retryable" }, { ...context, attempt: 2 })).toEqual({
      retry: true,
      delayMs: 1_000,
      source: "backoff",
    });
  });

  it("retries a non-idempotent request only when the platform did not execute it", () => {
    const post = { ...context, idempotent: false, attempt: 1 };
    expect(decideRetry({ outcome: "retryable" }, post)).toEqual({
      retry: false,
      reason: "may-have-executed",
    });
    expect(decideRetry({ outcome: "retryable", executed: false }, post).retry).toBe(true);
    expect(decideRetry({ outcome: "rate-limited" }, post).retry).toBe(true);
  });

  it("stops at maxAttempts", () => {
    expect(decideRetry({ outcome: "rate-limited" }, { ...context, attempt: 5 })).toEqual({
      retry: false,
      reason: "attempts-exhausted",
    });
  });
});

describe("classifyNetworkError", () => {
  const fetchFailed = (cause: unknown) => Object.assign(new TypeError("fetch failed"), { cause });

  it("knows a refused connection never reached the platform", () => {
    const refused = fetchFailed(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
    );
    expect(classifyNetworkError(refused)).toEqual({ code: "ECONNREFUSED", executed: false });
    const bothFamilies = fetchFailed(
      Object.assign(new AggregateError([{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }]), {}),
    );
    expect(classifyNetworkError(bothFamilies).executed).toBe(false);
  });

  it("assumes a reset, a socket error or an unknown failure may have been executed", () => {
    expect(classifyNetworkError(fetchFailed({ code: "ECONNRESET" }))).toEqual({
      code: "ECONNRESET",
      executed: undefined,
    });
    expect(classifyNetworkError(fetchFailed({ code: "UND_ERR_SOCKET" })).executed).toBeUndefined();
    expect(classifyNetworkError(new Error("boom"))).toEqual({
      code: undefined,
      executed: undefined,
    });
  });
});

describe("isRetryableError", () => {
  it("follows ApiCallError.isRetryable, an explicit retryable flag, then the error's kind", () => {
    const apiError = (status: number) =>
      new ApiCallError({ platform: "github", url: "https://api.github.com/x", status });
    expect(isRetryableError(apiError(503))).toBe(true);
    expect(isRetryableError(apiError(422))).toBe(false);
    expect(
      isRetryableError(new RateLimitError({ platform: "slack", url: "u", retryAfterMs: 1 })),
    ).toBe(true);
    expect(isRetryableError(new ValidationError({ message: "bad" }))).toBe(false);
    expect(isRetryableError(new NotFoundError({ entity: "issue", id: "1" }))).toBe(false);
    expect(isRetryableError(Object.assign(new Error("stop"), { retryable: false }))).toBe(false);
    expect(isRetryableError(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryableError("a string")).toBe(true);
  });
});
