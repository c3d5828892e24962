import { describe, expect, it, vi } from "vitest";
import { combineInstrumentation, emitInstrumentation } from "../contracts/instrumentation";
import { CorrelationKeys } from "../keys/correlation-keys";
import { deriveEventId } from "./derive-event-id";
import { createEventBus } from "./event-bus";
import { reportError } from "./report-error";

describe("deriveEventId", () => {
  it("is deterministic, distinct per input and a valid UUID", () => {
    const a = deriveEventId("github", "delivery-1", 0);
    expect(deriveEventId("github", "delivery-1", 0)).toBe(a);
    expect(deriveEventId("github", "delivery-1", 1)).not.toBe(a);
    expect(deriveEventId("slack", "delivery-1", 0)).not.toBe(a);
    // No ambiguity between ("ab", "c") and ("a", "bc").
    expect(deriveEventId("ab", "c")).not.toBe(deriveEventId("a", "bc"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps the ids it has always derived, so stored events and links stay idempotent", () => {
    expect(deriveEventId("github", "delivery-1", 0)).toBe("e8f8bea8-6e5d-8b45-b510-09e779141611");
    expect(deriveEventId("contexten.link", "same_subject", "x", "y")).toBe(
      "ce744362-8a68-8042-aab6-d0bd51c144a5",
    );
  });
});

describe("correlation keys", () => {
  it("normalize case and form", () => {
    expect(CorrelationKeys.linearIssue("eng-123")).toBe("linear:issue:ENG-123");
    expect(CorrelationKeys.githubPullRequest("Acme/API", 42)).toBe("github:pr:acme/api#42");
    expect(CorrelationKeys.githubBranch("Acme/API", "refs/heads/eng-123-Fix")).toBe(
      "github:branch:acme/api:eng-123-Fix",
    );
    expect(CorrelationKeys.gitSha("ABCDEF0123456789ABCDEF0123456789ABCDEF01")).toBe(
      "git:sha:abcdef0123456789abcdef0123456789abcdef01",
    );
    expect(CorrelationKeys.url("HTTPS://GitHub.com/acme/api/pull/42/?x=1#y")).toBe(
      "url:https://github.com/acme/api/pull/42?x=1",
    );
    expect(CorrelationKeys.slackThread("C1", "1700000000.000100")).toBe(
      "slack:thread:C1:1700000000.000100",
    );
  });
});

describe("bus, instrumentation and error reporting", () => {
  it("delivers typed events", () => {
    const bus = createEventBus();
    const seen: string[] = [];
    bus.on("rate-limit", (info) => seen.push(`${info.platform}:${info.waitMs}`));
    bus.emit("rate-limit", { platform: "github", resource: "core", waitMs: 5, reason: "budget" });
    expect(seen).toEqual(["github:5"]);
  });

  it("never lets a broken hook escape, and combines hooks", () => {
    const calls: string[] = [];
    const combined = combineInstrumentation(
      {
        onApiRequest: () => {
          throw new Error("broken metrics");
        },
      },
      { onApiRequest: (info) => calls.push(info.endpoint) },
    );
    expect(() =>
      emitInstrumentation(combined, "onApiRequest", {
        platform: "github",
        method: "GET",
        endpoint: "GET /repos/{owner}/{repo}",
        durationMs: 1,
        cached: false,
        attempt: 1,
      }),
    ).not.toThrow();
    expect(calls).toEqual(["GET /repos/{owner}/{repo}"]);
    expect(combined.onWebhookEvent).toBeUndefined();
  });

  it("reports errors to instrumentation and bus, and logs when nobody listens", () => {
    const logger = { error: vi.fn() };
    const error = new Error("boom");
    reportError({ logger }, { phase: "webhook.post-ack", error });
    expect(logger.error).toHaveBeenCalledTimes(1);

    const bus = createEventBus();
    const onError = vi.fn();
    const busListener = vi.fn();
    bus.on("error", busListener);
    reportError(
      { logger, bus, instrumentation: { onError } },
      { phase: "correlation", error, eventId: "e1" },
    );
    expect(onError).toHaveBeenCalledWith({ phase: "correlation", error, eventId: "e1" });
    expect(busListener).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});
