import { describe, expect, it, vi } from "vitest";
import { ValidationError } from "../errors/validation-error";
import { createEventBus } from "../events/event-bus";
import type { CorrelatedEvent } from "../models/correlated-event";
import { event, minutes, ref, setup } from "./__fixtures__/engine-fixtures";
import { groupId } from "./link-id";

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

  it("rejects candidatesPerKey and maxCandidates outside 1–1000 with ValidationError", () => {
    for (const options of [
      { candidatesPerKey: 0 },
      { candidatesPerKey: 2.5 },
      { maxCandidates: 1001 },
    ]) {
      expect(() => setup(options)).toThrow(ValidationError);
    }
    expect(() => setup({ candidatesPerKey: 1000, maxCandidates: 1 })).not.toThrow();
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

  it("reads candidates without payloads unless a rule needs them, yet hands listeners whole events", async () => {
    const bus = createEventBus();
    const payloads: unknown[] = [];
    bus.on("correlation", (_link, source, target) => payloads.push(source.payload, target.payload));
    const { store, engine } = setup({ bus });
    const findPerKey = vi.spyOn(store, "findPerKey");
    const issue = event("issue", "linear.issue.created", 0, {
      keys: ["linear:issue:ENG-1"],
      payload: { title: "Login fails" },
    });
    const pr = event("pr", "github.pull_request.opened", 1, {
      refs: [ref("linear:issue:ENG-1", "title")],
      payload: { number: 7 },
    });
    await engine.processEvent(issue);
    await engine.processEvent(pr);
    expect(findPerKey).toHaveBeenCalledTimes(2);
    expect(findPerKey.mock.calls.every(([, options]) => options?.payload === false)).toBe(true);
    expect(payloads).toEqual([{ title: "Login fails" }, { number: 7 }]);

    // A rule that tests a payload field makes candidates come with their payloads.
    engine.addRule({
      name: "numbered",
      source: { type: "linear.issue.*" },
      target: { type: "github.**", payload: { number: 7 } },
      match: { via: ["reference"] },
    });
    findPerKey.mockClear();
    await engine.processEvent(
      event("pr2", "github.pull_request.edited", 2, {
        refs: [ref("linear:issue:ENG-1", "title")],
      }),
    );
    expect(findPerKey.mock.calls.map(([, options]) => options?.payload)).toEqual([true]);
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
