import { describe, expect, it } from "vitest";
import type { RuntimeFixture } from "./runtime-fixture";

/** Step timeouts, run timeouts, cancel. */
export function describeTimeoutTests(fixture: () => RuntimeFixture): void {
  describe("timeouts and cancel", () => {
    it("times a step out on the clock, retries it, then fails the run", async () => {
      const { engine, untilStatus, test } = fixture();
      engine.register({
        id: "slow-step",
        name: "Slow step",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [{ id: "wait", name: "Wait", action: "test.hang", timeoutSeconds: 5 }],
        retryPolicy: { maxAttempts: 2, baseDelayMs: 1000, jitter: "none" },
      });
      const { run } = await engine.trigger("slow-step");
      const done = await untilStatus(run.id, ["completed", "failed"]);
      expect(done.run.status).toBe("failed");
      expect(done.steps[0]).toMatchObject({ status: "failed", attempts: 2 });
      expect(done.steps[0]?.error?.code).toBe("workflow_step_timed_out");
      expect(done.run.error?.message).toContain("did not finish within 5 s on attempt 2");
      expect(test.aborted).toEqual(["wait#1", "wait#2"]);
    });

    it("times the whole run out after timeoutMinutes and cancels its unfinished steps", async () => {
      const { engine, untilStatus, untilStep, harness, test } = fixture();
      engine.register({
        id: "slow-run",
        name: "Slow run",
        timeoutMinutes: 2,
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "forever", name: "Forever", action: "test.hang" },
          { id: "after", name: "After", action: "test.record", dependsOn: ["forever"] },
        ],
      });
      const { run } = await engine.trigger("slow-run");
      await untilStep(run.id, "forever", "running");
      const startedAt = harness.clock.now();
      const done = await untilStatus(run.id, ["timed_out", "failed", "completed"], {
        stepMs: 5000,
      });
      expect(done.run.status).toBe("timed_out");
      expect(done.run.error?.code).toBe("workflow_timed_out");
      expect(harness.clock.now() - startedAt).toBeGreaterThanOrEqual(110_000);
      expect(done.steps.map((step) => step.status)).toEqual(["canceled", "canceled"]);
      expect(test.aborted).toEqual(["forever#1"]);
      const types = (await harness.events.query({ type: "workflow.**", limit: 100 })).events.map(
        (event) => event.type,
      );
      expect(types).toContain("workflow.timed_out");
    });

    it("cancels a run: its running step is aborted and nothing after it runs", async () => {
      const { engine, untilStatus, untilStep, test } = fixture();
      engine.register({
        id: "cancel-me",
        name: "Cancel me",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "forever", name: "Forever", action: "test.hang" },
          { id: "after", name: "After", action: "test.record", dependsOn: ["forever"] },
        ],
      });
      const { run } = await engine.trigger("cancel-me");
      await untilStep(run.id, "forever", "running");
      expect(await engine.cancel(run.id, "not needed any more")).toBe(true);
      expect(await engine.cancel(run.id)).toBe(false);
      const done = await untilStatus(run.id, ["canceled"]);
      expect(done.run.error).toMatchObject({
        code: "workflow_canceled",
        message: "not needed any more",
      });
      expect(done.steps.map((step) => step.status)).toEqual(["canceled", "canceled"]);
      expect(test.aborted).toEqual(["forever#1"]);
      expect(test.log.some((entry) => entry.stepId === "after")).toBe(false);
    });
  });
}
