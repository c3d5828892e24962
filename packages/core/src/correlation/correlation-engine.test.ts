import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../errors/validation-error";
import { createEventBus } from "../events/event-bus";
import {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
  type EventRef,
} from "../models/correlated-event";
import { MemoryEventStore } from "../store/memory-event-store";
import { CorrelationEngine, type CorrelationEngineOptions } from "./correlation-engine";
import { groupId } from "./link-id";

const T0 = Date.parse("2026-05-01T12:00:00.000Z");
const minutes = (count: number) => new Date(T0 + count * 60_000);

function event(
  id: string,
  type: string,
  minute: number,
  extra: Partial<CorrelatedEventInput> = {},
): CorrelatedEvent {
  return correlatedEventSchema.parse({
    id,
    type,
    platform: type.split(".")[0],
    occurredAt: minutes(minute),
    receivedAt: minutes(minute),
    subject: { kind: "thing", id },
    ...extra,
  });
}

const ref = (key: string, evidence: EventRef["evidence"] = "body"): EventRef => ({ key, evidence });

function setup(options: Partial<CorrelationEngineOptions> = {}) {
  const store = new MemoryEventStore();
  const engine = new CorrelationEngine({ store, clock: () => minutes(0), ...options });
  return { store, engine };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("CorrelationEngine.processEvent", () => {
  it("links a PR that arrives before its issue when the issue arrives", async () => {
    const { store, engine } = setup();
    const pr = event("pr", "github.pull_request.opened", 10, {
      keys: ["github:pr:acme/api#1"],
      refs: [ref("linear:issue:ENG-1", "closes")],
    });
    const first = await engine.processEvent(pr);
    expect(first.links).toEqual([]);
    expect(first.correlationId).toBe(groupId("pr"));
    expect(first.appended).toBe(true);

    const issue = event("issue", "linear.issue.created", 0, { keys: ["linear:issue:ENG-1"] });
    const second = await engine.processEvent(issue);
    expect(second.newLinks).toMatchObject([
      {
        rule: "linear_issue_to_github_pr",
        sourceEventId: "issue",
        targetEventId: "pr",
        strength: 1,
      },
    ]);
    // The issue is earlier, so the group is renamed after it and the PR's group merged.
    expect(second.correlationId).toBe(groupId("issue"));
    expect(second.mergedCorrelationIds).toEqual([groupId("pr")]);
    expect((await store.get("pr"))?.correlationId).toBe(groupId("issue"));
  });

  it("merges two existing groups when an event links both, whatever their sizes", async () => {
    const { store, engine } = setup();
    await engine.processEvent(event("a1", "test.a.created", 5, { keys: ["test:a:1"] }));
    await engine.processEvent(event("a2", "test.a.updated", 6, { keys: ["test:a:1"] }));
    await engine.processEvent(event("b1", "test.b.created", 1, { keys: ["test:b:1"] }));
    const bridge = await engine.processEvent(
      event("bridge", "test.c.created", 9, { refs: [ref("test:a:1"), ref("test:b:1")] }),
    );
    expect(bridge.correlationId).toBe(groupId("b1"));
    expect(bridge.mergedCorrelationIds).toEqual([groupId("a1")]);
    const group = await store.query({ correlationId: groupId("b1"), order: "oldest" });
    expect(group.events.map((item) => item.id)).toEqual(["b1", "a1", "a2", "bridge"]);
  });

  it("is idempotent whether or not the event was stored before", async () => {
    const { store, engine } = setup();
    const issue = event("issue", "linear.issue.created", 0, { keys: ["linear:issue:ENG-1"] });
    const pr = event("pr", "github.pull_request.opened", 1, {
      refs: [ref("linear:issue:ENG-1", "closes")],
    });
    await store.append([issue, pr]); // as createWebhookHandler does before the ack
    // The PR is already stored, so processing the issue finds it and makes the link.
    expect((await engine.processEvent(issue)).newLinks).toHaveLength(1);
    const result = await engine.processEvent(pr);
    expect(result.appended).toBe(false);
    expect(result.links).toHaveLength(1);
    expect(result.newLinks).toEqual([]);
    expect(result.event.correlationId).toBe(groupId("issue"));
    expect(await store.linksOf("pr")).toHaveLength(1);
  });

  it("rejects an invalid event with ValidationError and stores nothing", async () => {
    const { store, engine } = setup();
    const invalid = {
      ...event("bad", "test.a.created", 0),
      refs: [{ key: "nope", evidence: "x" }],
    };
    await expect(engine.processEvent(invalid as unknown as CorrelatedEvent)).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error),
    );
    expect(await store.get("bad")).toBeUndefined();
    // The engine keeps working after a failed call.
    expect((await engine.processEvent(event("ok", "test.a.created", 0))).appended).toBe(true);
  });

  it("serializes concurrent calls so groups come out as if processed one by one", async () => {
    const { store, engine } = setup();
    const events = Array.from({ length: 8 }, (_, index) =>
      event(`e${index}`, "test.a.created", index, {
        keys: [`test:k:${index}`],
        refs: index > 0 ? [ref(`test:k:${index - 1}`)] : [],
      }),
    );
    await Promise.all([...events].reverse().map((item) => engine.processEvent(item)));
    for (const item of events) {
      expect((await store.get(item.id))?.correlationId).toBe(groupId("e0"));
    }
  });

  it("links on key evidence however far apart in time, but not beyond retention", async () => {
    const { engine } = setup({
      clock: () => minutes(60 * 24 * 45),
      config: { eventRetentionDays: 30 },
    });
    await engine.processEvent(event("old", "test.a.created", 0, { keys: ["test:k:old"] }));
    await engine.processEvent(
      event("recent", "test.a.created", 60 * 24 * 20, { keys: ["test:k:recent"] }),
    );
    const result = await engine.processEvent(
      event("late", "test.b.created", 60 * 24 * 45, {
        refs: [ref("test:k:old"), ref("test:k:recent")],
      }),
    );
    expect(result.links.map((link) => link.sourceEventId)).toEqual(["recent"]);
  });
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

describe("CorrelationEngine notifications", () => {
  it("emits correlation on the bus and reports matches only for new links", async () => {
    const bus = createEventBus();
    const seen: string[] = [];
    bus.on("correlation", (link, source, target) =>
      seen.push(`${link.rule}:${source.id}->${target.id}:${target.correlationId}`),
    );
    const onCorrelationMatch = vi.fn();
    const { engine } = setup({ bus, instrumentation: { onCorrelationMatch } });
    const issue = event("issue", "linear.issue.created", 0, { keys: ["linear:issue:ENG-1"] });
    const pr = event("pr", "github.pull_request.opened", 1, {
      refs: [ref("linear:issue:ENG-1", "title")],
    });
    await engine.processEvent(issue);
    await engine.processEvent(pr);
    await engine.processEvent(pr);
    expect(seen).toEqual([`linear_issue_to_github_pr:issue->pr:${groupId("issue")}`]);
    expect(onCorrelationMatch).toHaveBeenCalledTimes(1);
    expect(onCorrelationMatch).toHaveBeenCalledWith({
      rule: "linear_issue_to_github_pr",
      sourceEventId: "issue",
      targetEventId: "pr",
      strength: 0.8,
    });
  });

  it("skips analytics when disabled and survives a throwing bus listener", async () => {
    const bus = createEventBus();
    bus.on("correlation", () => {
      throw new Error("listener bug");
    });
    const errors: string[] = [];
    bus.on("error", (info) => errors.push(info.phase));
    const onCorrelationMatch = vi.fn();
    const { engine } = setup({
      bus,
      instrumentation: { onCorrelationMatch },
      config: { enableAnalytics: false },
    });
    await engine.processEvent(event("a", "test.a.created", 0, { keys: ["test:k:1"] }));
    const result = await engine.processEvent(
      event("b", "test.b.created", 1, { refs: [ref("test:k:1")] }),
    );
    expect(result.newLinks).toHaveLength(1);
    expect(onCorrelationMatch).not.toHaveBeenCalled();
    expect(errors).toEqual(["correlation.listener"]);
  });
});
