import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { WebhookRequest } from "../contracts/webhook-source";
import { ValidationError } from "../errors/validation-error";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { toWebhookRequest } from "./pipeline/inbound-webhook";
import { parseFormBody, parseJsonObject, requireHeader } from "./read-webhook-body";
import { assertFreshTimestamp, verifyHmacSignature } from "./verify-hmac-signature";

function reasonOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return WebhookVerificationError.isInstance(error) ? error.reason : "other";
  }
}

describe("verifyHmacSignature", () => {
  const base = { platform: "github", header: "X-Hub-Signature-256", prefix: "sha256=" };

  it("passes GitHub's published test vector", () => {
    expect(() =>
      verifyHmacSignature({
        ...base,
        secrets: ["It's a Secret to Everybody"],
        payload: "Hello, World!",
        signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      }),
    ).not.toThrow();
  });

  it("accepts any configured secret and rejects wrong, truncated or missing signatures", () => {
    const sign = (secret: string) =>
      `sha256=${createHmac("sha256", secret).update("body").digest("hex")}`;
    const check = (signature: string | null, secrets = ["new", "old"]) =>
      reasonOf(() => verifyHmacSignature({ ...base, secrets, payload: "body", signature }));
    expect(check(sign("old"))).toBeUndefined();
    expect(check(sign("new"))).toBeUndefined();
    expect(check(sign("other"))).toBe("invalid_signature");
    expect(check(sign("new").slice(0, -2))).toBe("invalid_signature");
    expect(check(sign("new").replace("sha256=", "sha1="))).toBe("invalid_signature");
    expect(check(null)).toBe("missing_signature");
    expect(check(sign("new"), [])).toBe("invalid_signature");
  });
});

describe("assertFreshTimestamp", () => {
  const now = Date.UTC(2026, 0, 1);
  const check = (timestampMs: number | undefined) =>
    reasonOf(() =>
      assertFreshTimestamp({
        platform: "slack",
        source: "X-Slack-Request-Timestamp",
        timestampMs,
        toleranceMs: 300_000,
        nowMs: now,
      }),
    );

  it("accepts timestamps inside the window on either side", () => {
    expect(check(now - 299_000)).toBeUndefined();
    expect(check(now + 299_000)).toBeUndefined();
  });

  it("rejects stale, future and missing timestamps", () => {
    expect(check(now - 301_000)).toBe("stale_timestamp");
    expect(check(now + 301_000)).toBe("stale_timestamp");
    expect(check(Number.NaN)).toBe("missing_timestamp");
    expect(check(undefined)).toBe("missing_timestamp");
  });
});

describe("body and header helpers", () => {
  const request = (body: string, headers: Record<string, string> = {}): WebhookRequest =>
    toWebhookRequest(
      new Request("http://127.0.0.1/", { method: "POST", headers, body }),
      new TextEncoder().encode(body),
      new Date(),
    );

  it("parse JSON objects and forms, with clear errors", () => {
    expect(parseJsonObject('{"a":1}', "linear")).toEqual({ a: 1 });
    expect(() => parseJsonObject("[1]", "linear")).toThrow(/must be a JSON object/);
    expect(() => parseJsonObject("{", "linear")).toThrow(ValidationError);
    expect(parseFormBody("command=%2Fdeploy&text=api+now")).toEqual({
      command: "/deploy",
      text: "api now",
    });
  });

  it("require headers", () => {
    expect(
      requireHeader(request("", { "x-github-event": "push" }), "X-GitHub-Event", "github"),
    ).toBe("push");
    expect(() => requireHeader(request(""), "X-GitHub-Delivery", "github")).toThrow(
      "Missing X-GitHub-Delivery header on the github webhook.",
    );
  });
});
