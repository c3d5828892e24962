import { describe, expect, it } from "vitest";
import type { RuntimeFixture } from "./runtime-fixture";

/** DAG order, parallel branches, conditions, templates. */
export function describeDagTests(fixture: () => RuntimeFixture): void {
  describe("steps as a DAG", () => {
    it("runs dependencies first and independent branches in parallel", async () => {
      const { engine, test, untilStatus } = fixture();
      engine.register({
        id: "diamond",
        name: "Diamond",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "a", name: "A", action: "test.record", input: { label: "a" } },
          {
            id: "b",
            name: "B",
            action: "test.barrier",
            input: { name: "b+c", parties: 2 },
            dependsOn: ["a"],
          },
          {
            id: "c",
            name: "C",
            action: "test.barrier",
            input: { name: "b+c", parties: 2 },
            dependsOn: ["a"],
          },
          {
            id: "d",
            name: "D",
            action: "test.record",
            input: { fromB: "{{steps.b.output.arrived}}", label: "d after {{steps.c.status}}" },
            dependsOn: ["b", "c"],
          },
        ],
      });
      const [started] = await engine.onEvent(await fixture().storeEvent("evt-dag"));
      const { run, steps } = await untilStatus(started!.run.id, ["completed", "failed"]);
      expect(run.status).toBe("completed");
      expect(steps.map((step) => [step.stepId, step.status])).toEqual([
        ["a", "completed"],
        ["b", "completed"],
        ["c", "completed"],
        ["d", "completed"],
      ]);
      // The barrier only opens when b and c run at the same time.
      expect(steps[1]?.output).toEqual({ arrived: 2 });
      expect(steps[3]?.output).toEqual({ fromB: 2, label: "d after completed", attempt: 1 });
      const order = test.log.map((entry) => `${entry.phase}:${entry.stepId}`);
      expect(order.indexOf("end:a")).toBeLessThan(order.indexOf("start:b"));
      expect(order.indexOf("end:a")).toBeLessThan(order.indexOf("start:c"));
      expect(order.indexOf("start:d")).toBeGreaterThan(order.indexOf("end:b"));
      expect(order.indexOf("start:d")).toBeGreaterThan(order.indexOf("end:c"));
      expect(test.log.filter((entry) => entry.phase === "start")).toHaveLength(4);
    });

    it("starts only when the definition's conditions hold, and skips steps whose `when` fails", async () => {
      const { engine, storeEvent, untilStatus } = fixture();
      engine.register({
        id: "conditional",
        name: "Conditional",
        triggerPatterns: [{ type: "github.pull_request.*" }],
        conditions: [
          { path: "payload.action", operator: "in", value: ["opened", "reopened"] },
          { path: "payload.number", operator: "gt", value: 10 },
        ],
        steps: [
          {
            id: "first",
            name: "First",
            action: "test.record",
            input: { draft: "{{trigger.payload.pull_request.draft}}" },
          },
          {
            id: "only-drafts",
            name: "Only drafts",
            action: "test.record",
            dependsOn: ["first"],
            when: [{ path: "steps.first.output.draft", operator: "equals", value: true }],
          },
          {
            id: "after-drafts",
            name: "After drafts",
            action: "test.record",
            dependsOn: ["only-drafts"],
          },
          {
            id: "always",
            name: "Always",
            action: "test.record",
            dependsOn: ["only-drafts"],
            when: [{ path: "trigger.refs.*.key", operator: "matches", value: "^linear:issue:" }],
          },
        ],
      });
      const closed = await storeEvent("evt-closed", {
        type: "github.pull_request.closed",
        payload: { action: "closed", number: 42 },
      });
      expect(await engine.onEvent(closed)).toEqual([]);
      const small = await storeEvent("evt-small", { payload: { action: "opened", number: 3 } });
      expect(await engine.onEvent(small)).toEqual([]);
      const [started] = await engine.onEvent(
        await storeEvent("evt-open", {
          refs: [{ key: "linear:issue:ENG-1", evidence: "closes" }],
        }),
      );
      const { run, steps } = await untilStatus(started!.run.id, ["completed", "failed"]);
      expect(run.status).toBe("completed");
      // A step after a skipped one is skipped too, unless its own `when` holds.
      expect(steps.map((step) => step.status)).toEqual([
        "completed",
        "skipped",
        "skipped",
        "completed",
      ]);
      expect(await engine.listRuns({ definitionId: "conditional" })).toHaveLength(1);
    });

    it("renders templates from the trigger, the input and earlier steps, keeping types", async () => {
      const { engine, untilStatus } = fixture();
      engine.register({
        id: "templated",
        name: "Templated",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          {
            id: "one",
            name: "One",
            action: "test.record",
            input: { count: "{{input.count}}", who: "{{input.user.name}}" },
          },
          {
            id: "two",
            name: "Two",
            action: "test.record",
            dependsOn: ["one"],
            input: {
              text: "{{input.user.name}} asked {{steps.one.output.count}} times in {{run.definitionId}}",
              nested: { list: ["{{steps.one.output.who}}", 1] },
              missing: "{{input.nothing}}",
              trigger: "{{trigger.type}}",
            },
          },
        ],
      });
      const { run } = await engine.trigger("templated", { count: 3, user: { name: "ada" } });
      const done = await untilStatus(run.id, ["completed", "failed"]);
      expect(done.steps[0]?.output).toEqual({ count: 3, who: "ada", attempt: 1 });
      expect(done.steps[1]?.output).toEqual({
        text: "ada asked 3 times in templated",
        nested: { list: ["ada", 1] },
        trigger: "workflow.triggered",
        attempt: 1,
      });
    });
  });
}
