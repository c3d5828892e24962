import { describe, expect, it } from "vitest";
import { ApiCallError } from "./api-call-error";
import { ConfigurationError } from "./configuration-error";
import { ContextenError } from "./contexten-error";
import { NotFoundError } from "./not-found-error";
import { RateLimitError } from "./rate-limit-error";
import { ValidationError } from "./validation-error";
import { WebhookVerificationError } from "./webhook-verification-error";

describe("errors", () => {
  it("carry stable codes, platform and a JSON shape", () => {
    const error = new ApiCallError({
      platform: "slack",
      url: "https://slack.com/api/chat.postMessage",
      method: "POST",
      status: 200,
      platformCode: "channel_not_found",
      isRetryable: false,
    });
    expect(error.code).toBe("api_call_failed");
    expect(error.platform).toBe("slack");
    expect(error.message).toContain("channel_not_found");
    expect(error.toJSON()).toEqual({
      name: "ApiCallError",
      code: "api_call_failed",
      message: error.message,
      platform: "slack",
    });
  });

  it("derive retryability from the status when not given", () => {
    const make = (status?: number) => new ApiCallError({ platform: "github", url: "u", status });
    expect(make(undefined).isRetryable).toBe(true);
    expect(make(502).isRetryable).toBe(true);
    expect(make(429).isRetryable).toBe(true);
    expect(make(422).isRetryable).toBe(false);
    expect(make(404).isRetryable).toBe(false);
  });

  it("tell subclasses apart with isInstance", () => {
    const rate = new RateLimitError({
      platform: "github",
      url: "u",
      status: 429,
      retryAfterMs: 7000,
    });
    expect(rate.message).toContain("retry after 7 s");
    expect(RateLimitError.isInstance(rate)).toBe(true);
    expect(ApiCallError.isInstance(rate)).toBe(true);
    expect(ContextenError.isInstance(rate)).toBe(true);
    expect(rate.isRetryable).toBe(true);
    expect(rate.code).toBe("rate_limited");

    const notFound = new NotFoundError({ entity: "issue", id: "ENG-1", platform: "linear" });
    expect(NotFoundError.isInstance(notFound)).toBe(true);
    expect(ApiCallError.isInstance(notFound)).toBe(false);
    expect(ValidationError.isInstance(notFound)).toBe(false);
    expect(notFound.message).toBe('issue "ENG-1" was not found on linear');

    for (const value of [new Error("x"), null, undefined, "x", { code: "not_found" }]) {
      expect(ContextenError.isInstance(value)).toBe(false);
    }
  });

  it("recognise errors from a second copy of the package", async () => {
    // A query string makes Vite load a fresh module instance: a second copy of the classes,
    // as an app with both the CJS and ESM builds (or two versions) would have.
    const loadCopy = (path: string) => import(/* @vite-ignore */ `${path}?second-copy`);
    const copy = (await loadCopy("./rate-limit-error")) as typeof import("./rate-limit-error");
    const baseCopy = (await loadCopy("./contexten-error")) as typeof import("./contexten-error");
    const foreign = new copy.RateLimitError({ platform: "linear", url: "u", retryAfterMs: 1000 });
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ApiCallError.isInstance(foreign)).toBe(true);
    expect(ContextenError.isInstance(foreign)).toBe(true);
    expect(WebhookVerificationError.isInstance(foreign)).toBe(false);

    const local = new ConfigurationError({ message: "set GITHUB_TOKEN or pass token" });
    expect(baseCopy.ContextenError.isInstance(local)).toBe(true);
  });
});
