import { describe, expect, it } from "vitest";
import type { RuntimeFixture } from "./runtime-fixture";

/** Retries with backoff, exhausted retries, bad input. */
export function describeFailureTests(fixture: () => RuntimeFixture): void {
  describe("retries and failures", () => {
    it("retries a failing step after the policy's backoff, then succeeds", async () => {
      const { engine, harness, untilStatus, untilStep, test } = fixture();
      engine.register({
        id: "flaky",
        name: "Flaky",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [{ id: "call", name: "Call", action: "test.flaky", input: { failures: 2 } }],
        retryPolicy: { maxAttempts: 3, baseDelayMs: 10_000, factor: 2, jitter: "none" },
      });
      const { run } = await engine.trigger("flaky");
      await untilStep(run.id, "call", "retrying");
      const failedAt = harness.clock.now();
      const done = await untilStatus(run.id, ["completed", "failed"], { stepMs: 1000 });
      expect(done.run.status).toBe("completed");
      expect(done.steps[0]).toMatchObject({
        status: "completed",
        attempts: 3,
        output: { attempt: 3 },
      });
      // Attempt 2 waited 10 s, attempt 3 another 20 s, on the fake clock.
      expect(harness.clock.now() - failedAt).toBeGreaterThanOrEqual(30_000);
      const starts = test.log.filter((entry) => entry.phase === "start");
      expect(starts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      expect(new Set(starts.map((entry) => entry.idempotencyKey))).toEqual(
        new Set([`${run.id}:call`]),
      );
    });

    it("fails the run with a readable error when retries run out", async () => {
      const { engine, untilStatus, until, harness } = fixture();
      engine.register({
        id: "hopeless",
        name: "Hopeless",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          { id: "call", name: "Call", action: "test.flaky", input: { failures: 9 } },
          { id: "after", name: "After", action: "test.record", dependsOn: ["call"] },
        ],
        retryPolicy: { maxAttempts: 2, baseDelayMs: 1000, jitter: "none" },
      });
      const { run } = await engine.trigger("hopeless");
      const done = await untilStatus(run.id, ["completed", "failed"]);
      expect(done.run.status).toBe("failed");
      expect(done.run.error).toMatchObject({ stepId: "call" });
      expect(done.run.error?.message).toBe(
        'Step "call" (test.flaky) failed after 2 attempt(s): the platform is unavailable (attempt 2)',
      );
      expect(done.steps.map((step) => step.status)).toEqual(["failed", "canceled"]);
      expect(done.steps[0]?.error).toMatchObject({ attempt: 2, retryable: true });
      const typesOf = async () =>
        (await harness.events.query({ limit: 100 })).events
          .filter((event) => event.parentEventId === run.triggerEventId)
          .map((event) => event.type)
          .sort();
      await until(async () => (await typesOf()).includes("workflow.failed"));
      expect(await typesOf()).toEqual([
        "workflow.failed",
        "workflow.started",
        "workflow.step.failed",
      ]);
    });

    it("does not retry a non-retryable error, and an input failing its schema fails only its run", async () => {
      const { engine, untilStatus, test } = fixture();
      engine.register({
        id: "strict",
        name: "Strict",
        triggerPatterns: [{ type: "github.pull_request.opened" }],
        steps: [
          {
            id: "call",
            name: "Call",
            action: "test.flaky",
            input: { failures: "{{input.failures}}", retryable: false },
          },
        ],
      });
      const bad = await engine.trigger("strict", { failures: "many" });
      const fatal = await engine.trigger("strict", { failures: 1 });
      const fine = await engine.trigger("strict", { failures: 0 });
      const [badRun, fatalRun, fineRun] = [
        await untilStatus(bad.run.id, ["completed", "failed"]),
        await untilStatus(fatal.run.id, ["completed", "failed"]),
        await untilStatus(fine.run.id, ["completed", "failed"]),
      ];
      expect(badRun.run.status).toBe("failed");
      expect(badRun.run.error?.code).toBe("validation_failed");
      expect(badRun.run.error?.message).toContain('input of step "call" (test.flaky)');
      expect(badRun.run.error?.message).toContain("failures");
      expect(badRun.steps[0]?.attempts).toBe(1);
      expect(fatalRun.run.status).toBe("failed");
      expect(fatalRun.steps[0]?.attempts).toBe(1);
      expect(fatalRun.run.error?.message).toContain("the platform is unavailable (attempt 1)");
      expect(fineRun.run.status).toBe("completed");
      expect(
        test.log.filter((entry) => entry.runId === fatal.run.id && entry.phase === "start"),
      ).toHaveLength(1);
    });
  });
}
