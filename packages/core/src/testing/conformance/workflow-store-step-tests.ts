import { describe, expect, it } from "vitest";
import type { WorkflowStore, WorkflowWait } from "../../contracts/workflow-store";
import { ValidationError } from "../../errors/validation-error";
import { at, sampleRun, sampleSteps } from "./workflow-store-fixtures";

/** Steps: guarded updates (the claim of an attempt), outputs, errors, waits. */
export function describeWorkflowStoreSteps(store: () => WorkflowStore): void {
  describe("steps", () => {
    it("lets exactly one of several racing callers claim an attempt", async () => {
      await store().createWorkflow(sampleRun("s-1", 0), sampleSteps("s-1", 0));
      const claims = await Promise.all(
        Array.from({ length: 8 }, () =>
          store().updateStep(
            "s-1",
            "notify",
            { status: "running", attempts: 1, startedAt: at(1), at: at(1) },
            { ifStatus: ["pending", "retrying"], ifAttempts: 0 },
          ),
        ),
      );
      expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
      const [notify, label] = await store().listSteps("s-1");
      expect(notify).toMatchObject({ status: "running", attempts: 1, startedAt: at(1) });
      expect(label).toMatchObject({ status: "pending", attempts: 0 });
      // A stale attempt number no longer matches.
      expect(
        await store().updateStep(
          "s-1",
          "notify",
          { status: "completed", at: at(2) },
          { ifAttempts: 0 },
        ),
      ).toBeUndefined();
      expect(
        await store().updateStep("s-1", "nope", { status: "failed", at: at(2) }),
      ).toBeUndefined();
      expect(
        await store().updateStep("nope", "notify", { status: "failed", at: at(2) }),
      ).toBeUndefined();
    });

    it("keeps outputs and errors as JSON and clears them with null", async () => {
      await store().createWorkflow(sampleRun("s-2", 0), sampleSteps("s-2", 0));
      const output = { url: "https://x", count: 2, nested: [1, { ok: true }], nothing: null };
      const completed = await store().updateStep("s-2", "notify", {
        status: "completed",
        output,
        finishedAt: at(3),
        at: at(3),
      });
      expect(completed).toMatchObject({ output, finishedAt: at(3), updatedAt: at(3) });
      const failed = await store().updateStep("s-2", "label", {
        status: "failed",
        error: { code: "api_call_failed", message: "502", retryable: true, attempt: 2 },
        at: at(4),
      });
      expect(failed?.error).toEqual({
        code: "api_call_failed",
        message: "502",
        retryable: true,
        attempt: 2,
      });
      const steps = await store().listSteps("s-2");
      expect(steps[0]?.output).toEqual(output);
      expect(steps[1]?.error?.code).toBe("api_call_failed");
      const cleared = await store().updateStep("s-2", "label", { error: null, at: at(5) });
      expect(cleared?.error).toBeNull();
      await expect(
        store().updateStep("s-2", "label", { status: "done" as "failed", at: at(6) }),
      ).rejects.toSatisfy(ValidationError.isInstance);
      await expect(
        store().updateStep("s-2", "label", { output: { big: 1n } as never, at: at(6) }),
      ).rejects.toSatisfy(ValidationError.isInstance);
    });

    it("lists waiting steps, oldest first, with their waits intact", async () => {
      await store().createWorkflow(sampleRun("s-3", 0), sampleSteps("s-3", 0));
      await store().createWorkflow(sampleRun("s-4", 0), sampleSteps("s-4", 0));
      const eventWait: WorkflowWait = {
        kind: "event",
        pattern: { type: "github.pull_request.closed", payload: { merged: true } },
        match: "key",
        key: "github:pr:acme/api#42",
        since: at(0),
        until: at(60),
        onTimeout: "continue",
      };
      const timerWait: WorkflowWait = { kind: "timer", until: at(30) };
      await store().updateStep("s-4", "notify", { status: "waiting", wait: timerWait, at: at(2) });
      await store().updateStep("s-3", "label", { status: "waiting", wait: eventWait, at: at(3) });
      const waiting = await store().listWaitingSteps();
      expect(waiting.map((step) => `${step.runId}/${step.stepId}`)).toEqual([
        "s-4/notify",
        "s-3/label",
      ]);
      expect(waiting[1]?.wait).toEqual(eventWait);
      expect(waiting[1]?.wait?.since).toBeInstanceOf(Date);
      expect(waiting[0]?.wait).toEqual(timerWait);
      expect((await store().listWaitingSteps({ kind: "event" })).map((step) => step.runId)).toEqual(
        ["s-3"],
      );
      expect(await store().listWaitingSteps({ limit: 1 })).toHaveLength(1);
      await store().updateStep("s-3", "label", { status: "completed", wait: null, at: at(4) });
      expect((await store().listWaitingSteps()).map((step) => step.runId)).toEqual(["s-4"]);
      await expect(store().listWaitingSteps({ kind: "nap" as "timer" })).rejects.toSatisfy(
        ValidationError.isInstance,
      );
    });
  });
}
