import type {
  WorkflowRecord,
  WorkflowStep,
  WorkflowStepRecord,
  WorkflowStepStatus,
} from "@contexten/core";
import { computeBackoffDelay } from "@contexten/core/adapter";
import { toErrorRecord, WorkflowError } from "../errors/workflow-error";
import { advanceRun } from "./advance-run";
import { type EngineContext, nowDate } from "./engine-context";
import { finishRun } from "./finish-run";
import { publishUpdate, RunEventTypes, recordRunEvent } from "./run-events";
import { stepTask } from "./tasks";

function leaseOf(context: EngineContext) {
  return { graceMs: context.leaseGraceMs, defaultMs: context.defaultStepLeaseMs };
}

/** The output as stored: JSON, or a `WorkflowError` naming what is not JSON. */
function toJsonOutput(step: WorkflowStep, value: unknown): unknown {
  try {
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
  } catch (error) {
    throw new WorkflowError({
      code: "workflow_output_invalid",
      message: `Step "${step.id}" (${step.action}) returned an output that is not JSON: ${(error as Error).message}.`,
      cause: error,
    });
  }
}

/**
 * Records a step's output (if the attempt still owns the step), writes
 * `workflow.step.completed`, and moves the run on.
 */
export async function completeStep(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
  value: unknown,
  from: readonly WorkflowStepStatus[],
): Promise<void> {
  let output: unknown;
  try {
    output = toJsonOutput(step, value);
  } catch (error) {
    return failAttempt(context, run, step, attempt, error);
  }
  const at = nowDate(context);
  const done = await context.store.updateStep(
    run.id,
    step.id,
    { status: "completed", output, error: null, wait: null, finishedAt: at, at },
    { ifStatus: from, ifAttempts: attempt },
  );
  if (!done) return;
  await recordRunEvent(context, run, RunEventTypes.STEP_COMPLETED, {
    stepId: step.id,
    action: step.action,
    attempt,
    output,
  });
  publishUpdate(context, run, "completed", { stepId: step.id, attempt });
  await advanceRun(context, run.id);
}

/**
 * Records a failed attempt: a retryable error with attempts left schedules the next attempt
 * after the policy's backoff; anything else fails the step (and the run, unless the step
 * has `continueOnError`).
 */
export async function failAttempt(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
  error: unknown,
  options: { retry?: boolean } = {},
): Promise<void> {
  const record = toErrorRecord(error, attempt);
  const policy = step.retryPolicy ?? run.definition.retryPolicy;
  const at = nowDate(context);
  if (options.retry !== false && record.retryable && attempt < policy.maxAttempts) {
    const retrying = await context.store.updateStep(
      run.id,
      step.id,
      { status: "retrying", error: record, wait: null, at },
      { ifStatus: ["running", "waiting"], ifAttempts: attempt },
    );
    if (!retrying) return;
    publishUpdate(context, run, "retrying", { stepId: step.id, attempt, error: record });
    return rescheduleRetry(context, run, step, attempt);
  }
  const failed = await context.store.updateStep(
    run.id,
    step.id,
    { status: "failed", error: record, wait: null, finishedAt: at, at },
    { ifStatus: ["running", "waiting"], ifAttempts: attempt },
  );
  if (failed) await settleFailure(context, run, step, failed);
}

/** Schedules the attempt after `attempt` at the policy's backoff (idempotent by key). */
export async function rescheduleRetry(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
): Promise<void> {
  const policy = step.retryPolicy ?? run.definition.retryPolicy;
  const delay = computeBackoffDelay(policy, attempt, context.random);
  await context.runtime.schedule([
    stepTask(run.id, step, attempt + 1, leaseOf(context), context.clock.now() + delay),
  ]);
}

/**
 * After a step failed for good: writes `workflow.step.failed`, then either moves the run on
 * (`continueOnError`) or fails it with a message that names the step and the cause.
 */
export async function settleFailure(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  record: WorkflowStepRecord,
): Promise<void> {
  const error = record.error ?? { code: "workflow_step_failed", message: "the step failed" };
  await recordRunEvent(context, run, RunEventTypes.STEP_FAILED, {
    stepId: step.id,
    action: step.action,
    attempt: record.attempts,
    error,
  });
  publishUpdate(context, run, "failed", { stepId: step.id, attempt: record.attempts, error });
  if (step.continueOnError) return advanceRun(context, run.id);
  await finishRun(context, run, "failed", {
    code: error.code,
    message: `Step "${step.id}" (${step.action}) failed after ${record.attempts} attempt(s): ${error.message}`,
    retryable: false,
    stepId: step.id,
  });
}
