import { afterEach, beforeEach, describe } from "vitest";
import { describeDagTests } from "./dag-tests";
import { describeFailureTests } from "./failure-tests";
import {
  createRuntimeFixture,
  type RuntimeFixture,
  type WorkflowRuntimeHarness,
} from "./runtime-fixture";
import { describeTimeoutTests } from "./timeout-tests";
import { describeTriggerTests } from "./trigger-tests";
import { describeWaitTests } from "./wait-tests";

/** Options of {@link runWorkflowRuntimeConformance}. */
export interface WorkflowRuntimeConformanceOptions {
  /** Shown in the test names, e.g. `memory` or `pg-boss (PGlite)`. */
  name: string;
  /**
   * Returns a fresh harness for every test: a runtime not yet started, its stores, and a
   * clock the suite moves by hand (the runtime's own).
   */
  createHarness: () => Promise<WorkflowRuntimeHarness>;
}

/**
 * Registers the workflow runtime contract tests with vitest. It drives a real engine on the
 * runtime: DAG order and parallel branches, trigger conditions and `when`, templates,
 * retry then success, retries exhausted, non-retryable errors and bad input, step and run
 * timeouts, cancel, `awaitEvent` (an event after the wait began, one before, a timeout
 * that fails or branches), durable sleep, approval and rejection, replayed triggers, and
 * run events in the lineage. Time is the harness's fake clock; nothing waits for real time
 * to pass.
 *
 * ```ts
 * runWorkflowRuntimeConformance({ name: "memory", createHarness: async () => { … } });
 * ```
 */
export function runWorkflowRuntimeConformance(options: WorkflowRuntimeConformanceOptions): void {
  describe(`WorkflowRuntime conformance: ${options.name}`, () => {
    let current: RuntimeFixture | undefined;
    beforeEach(async () => {
      current = await createRuntimeFixture(await options.createHarness());
    });
    afterEach(async () => {
      const fixture = current;
      current = undefined;
      if (!fixture) return;
      await fixture.engine.stop();
      await fixture.harness.cleanup?.();
    });
    const fixture = (): RuntimeFixture => {
      if (!current) throw new Error("createHarness() did not return a harness");
      return current;
    };
    describeDagTests(fixture);
    describeFailureTests(fixture);
    describeTimeoutTests(fixture);
    describeWaitTests(fixture);
    describeTriggerTests(fixture);
  });
}
