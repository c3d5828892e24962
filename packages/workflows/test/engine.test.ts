import { setImmediate as turn } from "node:timers/promises";
import {
  createEventBus,
  createWorkflowFromEvents,
  MemoryEventStore,
  MemoryWorkflowStore,
  NotFoundError,
  ValidationError,
  type WorkflowExecutionInfo,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { describe, expect, it } from "vitest";
import { createMemoryRuntime, createWorkflowEngine } from "../src/index";
import { createTestActions, ManualClock } from "../src/testing/index";

function setup() {
  const clock = new ManualClock();
  const runtime = createMemoryRuntime({ clock });
  const store = new MemoryWorkflowStore();
  const events = new MemoryEventStore();
  const bus = createEventBus();
  const updates: WorkflowExecutionInfo[] = [];
  const measured: WorkflowExecutionInfo[] = [];
  bus.on("workflow", (info) => updates.push(info));
  const test = createTestActions();
  const engine = createWorkflowEngine({
    store,
    events,
    runtime,
    bus,
    instrumentation: { onWorkflowExecution: (info) => measured.push(info) },
    actions: test.actions,
    logger: { info() {}, warn() {}, error() {} },
  });
  const settle = async () => {
    for (let index = 0; index < 20 && runtime.pending > 0; index += 1) await turn();
    await turn();
  };
  return { clock, runtime, store, events, engine, updates, measured, settle };
}

function event(id: string, type: string, minute: number, correlationId = "g") {
  const at = new Date(Date.parse("2030-03-01T00:00:00.000Z") + minute * 60_000);
  return correlatedEventSchema.parse({
    id,
    type,
    platform: type.split(".")[0],
    occurredAt: at,
    receivedAt: at,
    subject: { kind: "thing", id },
    correlationId,
  });
}

describe("WorkflowEngine", () => {
  it("tells the bus and Instrumentation about every run and step change", async () => {
    const { engine, updates, measured, settle } = setup();
    await engine.start();
    engine.register({
      id: "two",
      name: "Two steps",
      steps: [
        { id: "a", name: "A", action: "test.record" },
        { id: "b", name: "B", action: "test.flaky", input: { failures: 0 }, dependsOn: ["a"] },
      ],
    });
    const { run } = await engine.trigger("two");
    await settle();
    const seen = updates.map((info) => `${info.stepId ?? "run"}:${info.status}`);
    expect(seen).toEqual([
      "run:running",
      "a:running",
      "a:completed",
      "b:running",
      "b:completed",
      "run:completed",
    ]);
    expect(measured).toEqual(updates);
    expect(updates.at(-1)).toMatchObject({
      workflowId: run.id,
      definitionId: "two",
      name: "Two steps",
    });
  });

  it("runs a definition learned from observed events (createWorkflowFromEvents)", async () => {
    const { engine, events, settle } = setup();
    await engine.start();
    const observed = [
      event("o1", "linear.issue.created", 0, "old"),
      event("o2", "github.pull_request.opened", 5, "old"),
      event("o3", "github.pull_request.merged", 9, "old"),
    ];
    const definition = engine.register(createWorkflowFromEvents(observed, { id: "learned" }));
    const trigger = event("t1", "linear.issue.created", 100);
    await events.append(trigger);
    const [started] = await engine.onEvent(trigger);
    await settle();
    expect((await engine.getRun(started!.run.id))?.steps.map((step) => step.status)).toEqual([
      "waiting",
      "pending",
    ]);
    for (const [id, type, minute] of [
      ["t2", "github.pull_request.opened", 101],
      ["t3", "github.pull_request.merged", 102],
    ] as const) {
      const next = event(id, type, minute);
      await events.append(next);
      await engine.onEvent(next);
      await settle();
    }
    const view = await engine.getRun(started!.run.id);
    expect(definition.steps).toHaveLength(2);
    expect(view?.run.status).toBe("completed");
    expect(view?.steps.map((step) => (step.output as { event: { id: string } }).event.id)).toEqual([
      "t2",
      "t3",
    ]);
  });

  it("refuses unknown definitions and non-object input; one idempotency key, one run", async () => {
    const { engine } = setup();
    engine.register({
      id: "manual",
      name: "Manual",
      steps: [{ id: "a", name: "A", action: "test.record" }],
    });
    await expect(engine.trigger("nope")).rejects.toSatisfy(NotFoundError.isInstance);
    await expect(engine.trigger("manual", [] as never)).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    const first = await engine.trigger("manual", { x: 1 }, { idempotencyKey: "k" });
    const again = await engine.trigger("manual", { x: 2 }, { idempotencyKey: "k" });
    expect(again).toMatchObject({ created: false, run: { id: first.run.id, input: { x: 1 } } });
    await expect(engine.cancel("no-such-run")).rejects.toSatisfy(NotFoundError.isInstance);
  });

  it("forgets a finished run's deadline", async () => {
    const { engine, clock, settle } = setup();
    await engine.start();
    engine.register({
      id: "quick",
      name: "Quick",
      steps: [{ id: "a", name: "A", action: "test.record" }],
    });
    await engine.trigger("quick");
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });
});
