import {
  type CorrelatedEvent,
  TracedStepNames,
  type WorkflowRecord,
  type WorkflowStep,
  type WorkflowStepRecord,
  type WorkflowTaskDelivery,
} from "@contexten/core";
import { isWorkflowSuspension, traceStep } from "@contexten/core/adapter";
import { WorkflowError } from "../errors/workflow-error";
import { advanceRun } from "./advance-run";
import { type EngineContext, nowDate, TRACE_CONTEXT_STATE_KEY } from "./engine-context";
import { ACTIVE_RUN_STATUSES } from "./finish-run";
import { actionContext, prepareStep } from "./prepare-step";
import { publishUpdate, RunEventTypes, recordRunEvent } from "./run-events";
import { completeStep, failAttempt, rescheduleRetry, settleFailure } from "./step-outcomes";
import { loadTrigger } from "./template-context";
import { beginWait, ensureWaitScheduled } from "./waits";

/**
 * Handles a `step` task: claims the attempt (a guarded update, so one worker runs it),
 * runs the action with its timeout, and records the outcome. A delivery that finds the
 * step already settled repairs what a crash may have left undone (the run event, the next
 * steps, a retry or a wait not yet scheduled) and stops.
 */
export async function handleStepTask(
  context: EngineContext,
  delivery: WorkflowTaskDelivery,
): Promise<void> {
  const { task } = delivery;
  const attempt = Number(task.data?.attempt ?? 1);
  const run = await context.store.getWorkflow(task.runId);
  if (!run || !ACTIVE_RUN_STATUSES.includes(run.status)) return;
  const step = run.definition.steps.find((candidate) => candidate.id === task.stepId);
  const steps = await context.store.listSteps(run.id);
  const record = steps.find((candidate) => candidate.stepId === task.stepId);
  if (!step || !record) return;

  switch (record.status) {
    case "completed":
      await recordRunEvent(context, run, RunEventTypes.STEP_COMPLETED, {
        stepId: step.id,
        action: step.action,
        attempt: record.attempts,
        output: record.output,
      });
      return advanceRun(context, run.id);
    case "skipped":
      return advanceRun(context, run.id);
    case "failed":
      return settleFailure(context, run, step, record);
    case "retrying":
      if (record.attempts === attempt) await rescheduleRetry(context, run, step, attempt);
      break;
    case "waiting":
      if (record.attempts === attempt) {
        await ensureWaitScheduled(context, run, step, record, await loadTrigger(context, run));
      }
      return;
    default:
      break;
  }
  const claimed = await claimAttempt(context, run, step, record, attempt, delivery.delivery);
  if (!claimed) return;
  const parent = run.state?.[TRACE_CONTEXT_STATE_KEY];
  await traceStep(
    context.instrumentation,
    {
      name: TracedStepNames.WORKFLOW_STEP,
      attributes: {
        "contexten.workflow.run_id": run.id,
        "contexten.workflow.name": run.name,
        "contexten.workflow.step_id": step.id,
        "contexten.workflow.action": step.action,
        "contexten.workflow.attempt": claimed.attempts,
        "contexten.event_id": run.triggerEventId ?? undefined,
      },
      parent: typeof parent === "string" ? parent : undefined,
    },
    () => runAttempt(context, run, step, claimed, steps, delivery.signal),
  );
}

/**
 * Takes the attempt: the step must be pending or retrying with the previous attempt count.
 * A redelivered task whose step is still `running` means the worker running it stopped
 * without recording a result (a crash): the attempt counts as used, and the next one
 * starts here, or the step fails when none is left.
 */
async function claimAttempt(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  record: WorkflowStepRecord,
  attempt: number,
  delivery: number,
): Promise<WorkflowStepRecord | undefined> {
  const at = nowDate(context);
  if (
    (record.status === "pending" || record.status === "retrying") &&
    record.attempts === attempt - 1
  ) {
    return context.store.updateStep(
      run.id,
      step.id,
      { status: "running", attempts: attempt, startedAt: record.startedAt ?? at, at },
      { ifStatus: ["pending", "retrying"], ifAttempts: attempt - 1 },
    );
  }
  if (record.status !== "running" || record.attempts < attempt || delivery <= 1) return undefined;
  const interrupted = new WorkflowError({
    code: "workflow_step_interrupted",
    message: `Attempt ${record.attempts} of step "${step.id}" was interrupted: its worker stopped before recording a result.`,
    retryable: true,
  });
  const policy = step.retryPolicy ?? run.definition.retryPolicy;
  if (record.attempts >= policy.maxAttempts) {
    await failAttempt(context, run, step, record.attempts, interrupted, { retry: false });
    return undefined;
  }
  return context.store.updateStep(
    run.id,
    step.id,
    {
      attempts: record.attempts + 1,
      error: { code: interrupted.code, message: interrupted.message, attempt: record.attempts },
      at,
    },
    { ifStatus: ["running"], ifAttempts: record.attempts },
  );
}

type AttemptResult =
  | { kind: "value"; value: unknown }
  | { kind: "error"; error: unknown }
  | { kind: "ended" };

async function runAttempt(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  claimed: WorkflowStepRecord,
  steps: readonly WorkflowStepRecord[],
  signal: AbortSignal,
): Promise<void> {
  const attempt = claimed.attempts;
  publishUpdate(context, run, "running", { stepId: step.id, attempt });
  if (run.status === "waiting") {
    await context.store.updateWorkflow(
      run.id,
      { status: "running", at: nowDate(context) },
      { ifStatus: ["waiting"] },
    );
  }
  const trigger = await loadTrigger(context, run);
  const result = await runAction(context, run, step, attempt, steps, trigger, signal);
  if (result.kind === "ended") return;
  if (result.kind === "error") return failAttempt(context, run, step, attempt, result.error);
  if (isWorkflowSuspension(result.value)) {
    return beginWait(context, run, step, attempt, result.value, trigger);
  }
  return completeStep(context, run, step, attempt, result.value, ["running"]);
}

/**
 * Runs the action under the step's timeout. The attempt is abandoned (not awaited) when
 * it outlives its timeout or the run ends, so an action that ignores its signal cannot
 * hold the step.
 */
async function runAction(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
  steps: readonly WorkflowStepRecord[],
  trigger: CorrelatedEvent | undefined,
  outer: AbortSignal,
): Promise<AttemptResult> {
  let prepared: ReturnType<typeof prepareStep>;
  try {
    prepared = prepareStep(context, run, step, steps, trigger);
  } catch (error) {
    return { kind: "error", error };
  }
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer.reason);
  outer.addEventListener("abort", onOuterAbort, { once: true });
  const inflight = context.inflight.get(run.id) ?? new Set<AbortController>();
  context.inflight.set(run.id, inflight.add(controller));
  const timer =
    step.timeoutSeconds === undefined
      ? undefined
      : context.clock.setTimeout(() => {
          controller.abort(
            new WorkflowError({
              code: "workflow_step_timed_out",
              message: `Step "${step.id}" (${step.action}) did not finish within ${step.timeoutSeconds} s on attempt ${attempt}.`,
              retryable: true,
            }),
          );
        }, step.timeoutSeconds * 1000);
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
      once: true,
    });
  });
  const running = Promise.resolve().then(() =>
    prepared.action.run(
      prepared.input,
      actionContext(context, run, step, attempt, controller.signal, trigger),
    ),
  );
  // The action may reject after the race is decided (a timed-out action noticing its signal).
  running.catch(() => {});
  aborted.catch(() => {});
  try {
    return { kind: "value", value: await Promise.race([running, aborted]) };
  } catch (error) {
    if (outer.aborted) throw error;
    const code = WorkflowError.isInstance(error) ? error.code : undefined;
    if (code === "workflow_canceled" || code === "workflow_timed_out") return { kind: "ended" };
    return { kind: "error", error };
  } finally {
    if (timer !== undefined) context.clock.clearTimeout(timer);
    outer.removeEventListener("abort", onOuterAbort);
    inflight.delete(controller);
    if (inflight.size === 0) context.inflight.delete(run.id);
  }
}
