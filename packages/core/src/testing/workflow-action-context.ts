import { systemClock } from "../clock/clock";
import { createWorkflowSuspension, type WorkflowActionContext } from "../contracts/workflow-action";

/**
 * A `WorkflowActionContext` for calling an action directly in a test, as an engine would:
 * call `run` twice with the same context (and `attempt: 2`) to check that a retried step
 * does not act twice.
 *
 * @example
 * const context = createTestActionContext({ runId: "run-1", stepId: "comment" });
 * await action.run(input, context);
 * await action.run(input, { ...context, attempt: 2 });
 */
export function createTestActionContext(
  overrides: Partial<WorkflowActionContext> = {},
): WorkflowActionContext {
  const runId = overrides.runId ?? "run-test";
  const stepId = overrides.stepId ?? "step-test";
  const clock = overrides.clock ?? systemClock;
  return {
    idempotencyKey: `${runId}:${stepId}`,
    attempt: 1,
    signal: new AbortController().signal,
    logger: { info() {}, warn() {}, error() {} },
    trigger: undefined,
    waitForEvent: (request) => createWorkflowSuspension({ event: request }),
    sleep: (ms) => createWorkflowSuspension({ until: clock.now() + ms }),
    ...overrides,
    runId,
    stepId,
    clock,
  };
}
