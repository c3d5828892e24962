import { describe, expect, it } from "vitest";
import type { RuntimeFixture } from "./runtime-fixture";

const mergedPattern = { type: "github.pull_request.closed", payload: { merged: true } };

/** Durable waits: events after and before the wait starts, timeouts, sleep, approval. */
export function describeWaitTests(fixture: () => RuntimeFixture): void {
  describe("durable waits", () => {
    const register = (f: RuntimeFixture, onTimeout: "fail" | "continue" = "fail") =>
      f.engine.register({
        id: `wait-${onTimeout}`,
        name: "Wait for the merge",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "gate", name: "Gate", action: "test.gate", input: { name: "gate" } },
          {
            id: "merged",
            name: "Wait for the merge",
            action: "contexten.awaitEvent",
            input: { pattern: mergedPattern, timeoutSeconds: 600, onTimeout },
            dependsOn: ["gate"],
          },
          {
            id: "celebrate",
            name: "Celebrate",
            action: "test.record",
            input: { mergedBy: "{{steps.merged.output.event.payload.by}}" },
            dependsOn: ["merged"],
            when: [{ path: "steps.merged.output.timedOut", operator: "equals", value: false }],
          },
        ],
      });

    it("resumes when a correlated event arrives after the wait began", async () => {
      const f = fixture();
      register(f);
      f.test.open("gate");
      const [started] = await f.engine.onEvent(await f.storeEvent("evt-open"));
      const runId = started!.run.id;
      await f.untilStep(runId, "merged", "waiting");
      // Same type, other group: does not count.
      const unrelated = await f.storeEvent("evt-other", {
        type: "github.pull_request.closed",
        correlationId: "group-2",
        payload: { merged: true, by: "mallory" },
      });
      expect(await f.engine.onEvent(unrelated)).toEqual([]);
      const merged = await f.storeEvent("evt-merged", {
        type: "github.pull_request.closed",
        payload: { merged: true, by: "grace" },
      });
      await f.engine.onEvent(merged);
      const done = await f.untilStatus(runId, ["completed", "failed"]);
      expect(done.run.status).toBe("completed");
      expect(done.steps[1]?.output).toMatchObject({ timedOut: false, event: { id: "evt-merged" } });
      expect(done.steps[2]?.output).toEqual({ mergedBy: "grace", attempt: 1 });
    });

    it("counts an event that arrived between the trigger and the start of the wait", async () => {
      const f = fixture();
      register(f);
      const [started] = await f.engine.onEvent(await f.storeEvent("evt-open"));
      const runId = started!.run.id;
      await f.untilStep(runId, "gate", "running");
      const early = await f.storeEvent("evt-early", {
        type: "github.pull_request.closed",
        payload: { merged: true, by: "linus" },
      });
      await f.engine.onEvent(early);
      f.test.open("gate");
      const done = await f.untilStatus(runId, ["completed", "failed"]);
      expect(done.run.status).toBe("completed");
      expect(done.steps[2]?.output).toEqual({ mergedBy: "linus", attempt: 1 });
    });

    it("times a wait out: fails the step, or continues and takes the timeout branch", async () => {
      const f = fixture();
      register(f, "fail");
      register(f, "continue");
      f.test.open("gate");
      const failing = (await f.engine.trigger("wait-fail")).run.id;
      const continuing = (await f.engine.trigger("wait-continue")).run.id;
      await f.untilStep(failing, "merged", "waiting");
      await f.untilStep(continuing, "merged", "waiting");
      await f.harness.clock.advance(300_000);
      expect((await f.engine.getRun(failing))?.run.status).toBe("waiting");
      await f.harness.clock.advance(301_000);
      const failed = await f.untilStatus(failing, ["completed", "failed"]);
      expect(failed.run.status).toBe("failed");
      expect(failed.run.error?.code).toBe("workflow_wait_timed_out");
      const continued = await f.untilStatus(continuing, ["completed", "failed"]);
      expect(continued.run.status).toBe("completed");
      expect(continued.steps[1]?.output).toEqual({ timedOut: true, event: null });
      expect(continued.steps[2]?.status).toBe("skipped");
    });

    it("sleeps durably on the clock", async () => {
      const f = fixture();
      f.engine.register({
        id: "nap",
        name: "Nap",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        timeoutMinutes: 180,
        steps: [
          { id: "sleep", name: "Sleep", action: "contexten.sleep", input: { seconds: 3600 } },
          { id: "after", name: "After", action: "test.record", dependsOn: ["sleep"] },
        ],
      });
      const { run } = await f.engine.trigger("nap");
      await f.untilStep(run.id, "sleep", "waiting");
      const sleptAt = f.harness.clock.now();
      await f.harness.clock.advance(1_800_000);
      await f.harness.settle();
      expect((await f.engine.getRun(run.id))?.steps[0]?.status).toBe("waiting");
      await f.harness.clock.advance(1_800_000);
      const done = await f.untilStatus(run.id, ["completed", "failed"]);
      expect(done.run.status).toBe("completed");
      expect(f.harness.clock.now() - sleptAt).toBeGreaterThanOrEqual(3_600_000);
      expect(f.test.log.some((entry) => entry.stepId === "after")).toBe(true);
    });

    it("waits for an approval, and a rejection fails the run with who rejected it", async () => {
      const f = fixture();
      f.engine.register({
        id: "approve",
        name: "Approve",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "approval", name: "Approval", action: "test.approval" },
          {
            id: "ship",
            name: "Ship",
            action: "test.record",
            dependsOn: ["approval"],
            input: { by: "{{steps.approval.output.user}}" },
          },
        ],
      });
      const approved = (await f.engine.trigger("approve")).run.id;
      const rejected = (await f.engine.trigger("approve")).run.id;
      await f.untilStep(approved, "approval", "waiting");
      await f.untilStep(rejected, "approval", "waiting");
      const click = async (id: string, runId: string, decision: string, user: string) =>
        f.engine.onEvent(
          await f.storeEvent(id, {
            type: `test.approval.${decision}`,
            platform: "slack",
            keys: [],
            refs: [{ key: `test:approval:${runId}`, evidence: "attachment" }],
            correlationId: null,
            payload: { user },
          }),
        );
      await click("evt-yes", approved, "approved", "ada");
      await click("evt-no", rejected, "rejected", "bob");
      const yes = await f.untilStatus(approved, ["completed", "failed"]);
      expect(yes.run.status).toBe("completed");
      expect(yes.steps[1]?.output).toEqual({ by: "ada", attempt: 1 });
      const no = await f.untilStatus(rejected, ["completed", "failed"]);
      expect(no.run.status).toBe("failed");
      expect(no.run.error?.message).toBe(
        'Step "approval" (test.approval) failed after 1 attempt(s): Rejected by bob',
      );
      expect(no.steps[1]?.status).toBe("canceled");
    });
  });
}
