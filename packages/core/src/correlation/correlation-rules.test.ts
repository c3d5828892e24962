import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../errors/validation-error";
import { correlatedEventSchema } from "../models/correlated-event";
import { event, minutes, ref, setup } from "./__fixtures__/engine-fixtures";

afterEach(() => {
  vi.useRealTimers();
});

describe("CorrelationEngine rules", () => {
  it("applies a rule added at run time to later events only", async () => {
    const { store, engine } = setup({ defaultRules: false });
    const deploy = (id: string, minute: number) =>
      event(id, "github.deployment.created", minute, { keys: [`github:deployment:${id}`] });
    const alert = (id: string, minute: number, deployment: string) =>
      event(id, "sentry.issue.created", minute, { refs: [ref(`github:deployment:${deployment}`)] });

    await engine.processEvent(deploy("d1", 0));
    expect((await engine.processEvent(alert("s1", 1, "d1"))).links).toEqual([]);

    engine.addRule({
      name: "deployment_to_alert",
      source: { type: "github.deployment.*" },
      target: { platform: "sentry" },
      match: { via: ["reference"], keyPrefixes: ["github:deployment:"] },
      strength: 0.5,
    });
    await engine.processEvent(deploy("d2", 2));
    const later = await engine.processEvent(alert("s2", 3, "d2"));
    expect(later.newLinks).toMatchObject([
      { rule: "deployment_to_alert", sourceEventId: "d2", targetEventId: "s2", strength: 0.35 },
    ]);
    // The earlier pair is not revisited.
    expect(await store.linksOf("s1")).toEqual([]);
    expect(engine.removeRule("deployment_to_alert")).toBe(true);
    expect(engine.removeRule("deployment_to_alert")).toBe(false);
  });

  it("stops matching a heuristic rule outside its window (fake clock)", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(minutes(0));
    const { engine } = setup({
      defaultRules: false,
      clock: undefined,
      config: { correlationWindowMinutes: 30 },
    });
    engine.addRule({
      name: "deploy_then_incident",
      source: { type: "github.deployment_status.*" },
      target: { type: "slack.message.*", payload: { channel: "C_INCIDENTS" } },
      match: { via: ["time"] },
      strength: 0.3,
      window: {},
    });
    const now = (id: string, type: string, payload: Record<string, unknown> = {}) =>
      correlatedEventSchema.parse({
        id,
        type,
        platform: type.split(".")[0],
        occurredAt: new Date(),
        receivedAt: new Date(),
        subject: { kind: "thing", id },
        payload,
      });
    await engine.processEvent(now("deploy", "github.deployment_status.created"));
    vi.advanceTimersByTime(29 * 60_000);
    const inside = await engine.processEvent(
      now("inside", "slack.message.sent", { channel: "C_INCIDENTS" }),
    );
    expect(inside.newLinks).toMatchObject([
      { rule: "deploy_then_incident", sourceEventId: "deploy", strength: 0.3, evidence: [] },
    ]);
    const otherChannel = await engine.processEvent(
      now("other", "slack.message.sent", { channel: "C_RANDOM" }),
    );
    expect(otherChannel.links).toEqual([]);
    vi.advanceTimersByTime(2 * 60_000); // 31 minutes after the deploy
    const outside = await engine.processEvent(
      now("outside", "slack.message.sent", { channel: "C_INCIDENTS" }),
    );
    expect(outside.links).toEqual([]);
  });

  it("bounds a key-based heuristic rule by its own window", async () => {
    const { engine } = setup({ defaultRules: false });
    engine.addRule({
      name: "same_repository_soon",
      source: { type: "github.push" },
      target: { type: "github.push" },
      match: { via: ["shared-ref"], keyPrefixes: ["github:repo:"] },
      window: { minutes: 10 },
    });
    const push = (id: string, minute: number) =>
      event(id, "github.push", minute, { refs: [ref("github:repo:acme/api", "attachment")] });
    await engine.processEvent(push("p1", 0));
    expect((await engine.processEvent(push("p2", 10))).links).toHaveLength(1);
    expect((await engine.processEvent(push("p3", 25))).links).toEqual([]);
  });

  it("runs code rules, and reports a failing one without stopping", async () => {
    const onError = vi.fn();
    const { engine } = setup({ defaultRules: false, instrumentation: { onError } });
    engine.addRule({
      name: "broken",
      source: {},
      target: {},
      match: () => {
        throw new Error("rule bug");
      },
    });
    engine.addRule({
      name: "same_author",
      source: { type: "github.**" },
      target: { type: "slack.**" },
      match: (source, target) =>
        source.payload.author === target.payload.user ? { strength: 0.4 } : undefined,
      findCandidates: async (item, { store }) =>
        (await store.query({ platform: item.platform === "slack" ? "github" : "slack" })).events,
    });
    await engine.processEvent(
      event("gh", "github.issue_comment.created", 0, { payload: { author: "ada" } }),
    );
    const result = await engine.processEvent(
      event("sl", "slack.message.sent", 1, { payload: { user: "ada" } }),
    );
    expect(result.newLinks).toMatchObject([{ rule: "same_author", strength: 0.4, evidence: [] }]);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ phase: "correlation.rule.broken" }),
    );
  });

  it("rejects invalid rules and duplicate names with ValidationError", () => {
    const { engine } = setup();
    const attempts = [
      () => engine.addRule({ name: "Bad Name", source: {}, target: {} }),
      () => engine.addRule({ name: "no_window", source: {}, target: {}, match: { via: ["time"] } }),
      () => engine.addRule({ name: "weak", source: {}, target: {}, strength: 0 }),
      () => engine.addRule({ name: "same_subject", source: {}, target: {} }),
      () => engine.addRule({ name: "bad_pattern", source: { type: "GitHub PR" }, target: {} }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(ValidationError);
    }
    expect(engine.rules.map((rule) => rule.name)).toContain("linear_issue_to_github_pr");
  });
});
