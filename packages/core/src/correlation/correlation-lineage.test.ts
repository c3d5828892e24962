import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors/not-found-error";
import { ValidationError } from "../errors/validation-error";
import type { Correlation } from "../models/correlation";
import { eventLineageSchema } from "../models/event-lineage";
import { workflowDefinitionSchema } from "../models/workflow-definition";
import { MemoryEventStore } from "../store/memory-event-store";
import {
  createTestWebhookRequest,
  createTestWebhookSource,
  type TestWebhookBody,
} from "../testing/test-webhook-source";
import { createWebhookHandler } from "../webhooks/create-webhook-handler";
import { event, T0 } from "./__fixtures__/engine-fixtures";
import { CorrelationEngine } from "./correlation-engine";
import { overallStrength, strongestPathStrengths } from "./lineage-strength";
import { groupId } from "./link-id";
import { AWAIT_EVENT_ACTION } from "./workflow-from-events";

const link = (source: string, target: string, strength: number): Correlation => ({
  id: `${source}-${target}`,
  sourceEventId: source,
  targetEventId: target,
  rule: "test",
  strength,
  evidence: [],
  createdAt: new Date(T0),
});

describe("lineage strength", () => {
  it("takes the strongest path product per event and their mean overall", () => {
    // a -1.0- b -0.5- c, and a -0.6- c directly: the direct link beats 1.0 × 0.5.
    const strengths = strongestPathStrengths("a", [
      link("a", "b", 1),
      link("b", "c", 0.5),
      link("c", "a", 0.6),
      link("c", "d", 0.5),
    ]);
    expect(Object.fromEntries(strengths)).toEqual({ a: 1, b: 1, c: 0.6, d: 0.3 });
    expect(overallStrength("a", strengths)).toBeCloseTo((1 + 0.6 + 0.3) / 3, 6);
    expect(overallStrength("a", new Map([["a", 1]]))).toBe(0);
  });
});

describe("CorrelationEngine lineage and related events", () => {
  async function chain(maxCorrelationDepth = 10) {
    const store = new MemoryEventStore();
    const engine = new CorrelationEngine({
      store,
      config: { maxCorrelationDepth },
      clock: () => new Date(T0),
    });
    // e0 ← e1 ← e2 ← e3: each refs the previous one's key (key_reference, body: 0.56).
    for (let index = 0; index < 4; index += 1) {
      await engine.processEvent(
        event(`e${index}`, "test.step.done", index, {
          keys: [`test:step:${index}`],
          refs: index > 0 ? [{ key: `test:step:${index - 1}`, evidence: "body" }] : [],
          workflowId: index === 2 ? "run-7" : null,
        }),
      );
    }
    return { store, engine };
  }

  it("returns root, related events by depth, workflows, depths and documented strengths", async () => {
    const { engine } = await chain();
    const lineage = await engine.getEventLineage("e1");
    expect(() => eventLineageSchema.parse(lineage)).not.toThrow();
    expect(lineage.rootEvent.id).toBe("e1");
    expect(lineage.relatedEvents.map((item) => item.id)).toEqual(["e0", "e2", "e3"]);
    expect(lineage.depths).toEqual({ e1: 0, e0: 1, e2: 1, e3: 2 });
    expect(lineage.workflowsTriggered).toEqual(["run-7"]);
    expect(lineage.links).toHaveLength(3);
    expect(lineage.links.every((item) => item.strength === 0.56)).toBe(true);
    expect(lineage.strengths).toEqual({ e1: 1, e0: 0.56, e2: 0.56, e3: 0.56 * 0.56 });
    expect(lineage.correlationStrength).toBeCloseTo((0.56 + 0.56 + 0.56 * 0.56) / 3, 6);
    expect(lineage.correlationId).toBe(groupId("e0"));
    expect(lineage.truncated).toBe(false);
    expect((await engine.findRelatedEvents("e1")).map((item) => item.id)).toEqual([
      "e0",
      "e2",
      "e3",
    ]);
  });

  it("bounds lineage by maxCorrelationDepth and by the maxDepth option", async () => {
    const { engine } = await chain(1);
    const bounded = await engine.getEventLineage("e0");
    expect(bounded.relatedEvents.map((item) => item.id)).toEqual(["e1"]);
    expect(bounded.truncated).toBe(true);
    const deeper = await engine.getEventLineage("e0", { maxDepth: 3 });
    expect(deeper.relatedEvents.map((item) => item.id)).toEqual(["e1", "e2", "e3"]);
    expect(deeper.truncated).toBe(false);
    expect((await engine.findRelatedEvents("e3", { maxDepth: 2 })).map((item) => item.id)).toEqual([
      "e2",
      "e1",
    ]);
  });

  it("throws NotFoundError for an unknown event", async () => {
    const { engine } = await chain();
    await expect(engine.getEventLineage("missing")).rejects.toSatisfy((error) =>
      NotFoundError.isInstance(error),
    );
    await expect(engine.findRelatedEvents("missing")).rejects.toSatisfy((error) =>
      NotFoundError.isInstance(error),
    );
  });
});

describe("createWorkflowFromEvents", () => {
  it("derives trigger and ordered steps from an observed sequence", () => {
    const engine = new CorrelationEngine({ store: new MemoryEventStore() });
    const events = [
      event("merge", "github.pull_request.merged", 120),
      event("issue", "linear.issue.created", 0),
      event("pr", "github.pull_request.opened", 60),
      event("sync1", "github.pull_request.synchronize", 70),
      event("sync2", "github.pull_request.synchronize", 80),
      event("done", "linear.issue.updated", 125),
    ];
    const workflow = engine.createWorkflowFromEvents(events);
    expect(() => workflowDefinitionSchema.parse(workflow)).not.toThrow();
    expect(workflow.triggerPatterns).toEqual([
      { type: "linear.issue.created", platform: "linear" },
    ]);
    expect(workflow.steps.map((step) => [step.id, step.input.type, step.dependsOn])).toEqual([
      ["step-1", "github.pull_request.opened", []],
      ["step-2", "github.pull_request.synchronize", ["step-1"]],
      ["step-3", "github.pull_request.merged", ["step-2"]],
      ["step-4", "linear.issue.updated", ["step-3"]],
    ]);
    expect(workflow.steps.every((step) => step.action === AWAIT_EVENT_ACTION)).toBe(true);
    expect(workflow.timeoutMinutes).toBe(125);
    expect(workflow.name).toBe(
      "Observed: linear.issue.created → github.pull_request.opened → github.pull_request.synchronize → github.pull_request.merged → linear.issue.updated",
    );
    // Same events, any order: same id.
    expect(engine.createWorkflowFromEvents([...events].reverse()).id).toBe(workflow.id);
    expect(engine.createWorkflowFromEvents(events, { id: "w1", name: "Ship" })).toMatchObject({
      id: "w1",
      name: "Ship",
    });
  });

  it("needs a step to build", () => {
    const engine = new CorrelationEngine({ store: new MemoryEventStore() });
    expect(() => engine.createWorkflowFromEvents([])).toThrow(ValidationError);
    expect(() =>
      engine.createWorkflowFromEvents([event("a", "github.push", 0), event("b", "github.push", 1)]),
    ).toThrow(ValidationError);
  });
});

describe("plugging the engine into createWebhookHandler", () => {
  it("correlates events the handler already stored, via onEvent", async () => {
    const store = new MemoryEventStore();
    const engine = new CorrelationEngine({ store });
    const secret = "test-secret";
    const handler = createWebhookHandler({
      sources: [createTestWebhookSource({ secret })],
      store,
      onEvent: (item) => engine.processEvent(item),
    });
    const send = (deliveryId: string, event: string, body: TestWebhookBody) =>
      handler(createTestWebhookRequest({ secret, event, deliveryId, body }));
    const issueBody = { action: "created", id: "issue-1", keys: ["linear:issue:ENG-9"] };
    const prBody = { action: "opened", id: "pr-1", refs: ["linear:issue:ENG-9"] };
    expect((await send("d1", "issue", issueBody)).status).toBe(200);
    expect((await send("d2", "pr", prBody)).status).toBe(200);
    // A redelivery is acknowledged but not processed again.
    expect((await send("d2", "pr", prBody)).status).toBe(200);
    await handler.drain();
    const events = (await store.query({ order: "oldest" })).events;
    expect(events).toHaveLength(2);
    const issue = events.find((item) => item.subject.id === "issue-1")!;
    const pr = events.find((item) => item.subject.id === "pr-1")!;
    expect(pr.correlationId).toEqual(expect.any(String));
    expect(pr.correlationId).toBe(issue.correlationId);
    const links = await store.linksOf(pr!.id);
    expect(links).toMatchObject([{ rule: "key_reference", strength: 0.6 }]);
  });
});
