import { ValidationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import type { RuntimeFixture } from "./runtime-fixture";

/** Idempotent triggers, definition validation, run events in the lineage. */
export function describeTriggerTests(fixture: () => RuntimeFixture): void {
  describe("triggers and records", () => {
    it("starts one run per trigger event, however often the event is replayed", async () => {
      const { engine, storeEvent, untilStatus, test } = fixture();
      engine.register({
        id: "once",
        name: "Once",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [{ id: "only", name: "Only", action: "test.record" }],
      });
      const event = await storeEvent("evt-replayed");
      const results = await Promise.all([engine.onEvent(event), engine.onEvent(event)]);
      const again = await engine.onEvent(event);
      const all = [...results.flat(), ...again];
      expect(new Set(all.map((result) => result.run.id)).size).toBe(1);
      expect(all.filter((result) => result.created)).toHaveLength(1);
      await untilStatus(all[0]!.run.id, ["completed"]);
      expect(await engine.onEvent(event)).toMatchObject([{ created: false }]);
      await untilStatus(all[0]!.run.id, ["completed"]);
      expect(await engine.listRuns({ triggerEventId: "evt-replayed" })).toHaveLength(1);
      expect(test.log.filter((entry) => entry.phase === "start")).toHaveLength(1);
    });

    it("refuses invalid definitions at registration, naming each problem's path", () => {
      const { engine } = fixture();
      const attempt = (definition: unknown) => {
        try {
          engine.register(definition as never);
        } catch (error) {
          expect(ValidationError.isInstance(error)).toBe(true);
          return (error as ValidationError).issues.map((issue) => issue.path);
        }
        throw new Error("expected a ValidationError");
      };
      const base = {
        id: "bad",
        name: "Bad",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
      };
      expect(
        attempt({
          ...base,
          steps: [
            { id: "a", name: "A", action: "test.record", dependsOn: ["b"] },
            { id: "b", name: "B", action: "test.record", dependsOn: ["a"] },
          ],
        }),
      ).toEqual(["steps.0.dependsOn"]);
      expect(attempt({ ...base, steps: [{ id: "a", name: "A", action: "nope.missing" }] })).toEqual(
        ["steps.0.action"],
      );
      expect(
        attempt({
          ...base,
          steps: [
            { id: "a", name: "A", action: "test.record" },
            {
              id: "b",
              name: "B",
              action: "test.record",
              input: { x: { y: "{{steps.ghost.output}}" } },
            },
            { id: "c", name: "C", action: "test.record", input: { z: "{{steps.a.output}}" } },
          ],
        }),
      ).toEqual(["steps.1.input.x.y", "steps.2.input.z"]);
      expect(
        attempt({
          ...base,
          steps: [{ id: "a", name: "A", action: "test.flaky", input: { failures: "x" } }],
        }),
      ).toEqual(["steps.0.input.failures"]);
      expect(attempt({ ...base, steps: [] })).toEqual(["steps"]);
      expect(engine.definitions).toEqual([]);
    });

    it("writes run events into the trigger's correlation group and lineage", async () => {
      const { engine, storeEvent, untilStatus, until, harness } = fixture();
      engine.register({
        id: "traced",
        name: "Traced",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [{ id: "only", name: "Only", action: "test.record", input: { ok: true } }],
      });
      const trigger = await storeEvent("evt-traced");
      const [started] = await engine.onEvent(trigger);
      const { run } = await untilStatus(started!.run.id, ["completed"]);
      expect(run).toMatchObject({ triggerEventId: "evt-traced", correlationId: "group-1" });
      // The run's state is written first, its event right after: wait for the event too.
      const runEventsOf = async () =>
        (await harness.events.query({ correlationId: "group-1", limit: 100 })).events.filter(
          (event) => event.workflowId === run.id,
        );
      await until(async () => (await runEventsOf()).length === 3, {
        description: "three run events",
      });
      const runEvents = await runEventsOf();
      expect(runEvents.map((event) => event.type).sort()).toEqual([
        "workflow.completed",
        "workflow.started",
        "workflow.step.completed",
      ]);
      for (const event of runEvents) {
        expect(event).toMatchObject({ platform: "contexten", parentEventId: "evt-traced" });
      }
      const lineage = await harness.events.lineage("evt-traced");
      expect(lineage?.events.map((event) => event.type).sort()).toEqual([
        "github.pull_request.opened",
        "workflow.completed",
        "workflow.started",
        "workflow.step.completed",
      ]);
      const stepEvent = runEvents.find((event) => event.type === "workflow.step.completed");
      expect(stepEvent?.payload).toMatchObject({
        stepId: "only",
        output: { ok: true, attempt: 1 },
      });
      expect(await engine.listRuns({ correlationId: "group-1", status: "completed" })).toHaveLength(
        1,
      );
    });
  });
}
