import type { CorrelatedEvent, WaitOutcome, WorkflowTaskDelivery } from "@contexten/core";
import { isRetryableError } from "@contexten/core/adapter";
import { waitOutput } from "../actions/builtin-actions";
import { WorkflowError } from "../errors/workflow-error";
import type { EngineContext } from "./engine-context";
import { ACTIVE_RUN_STATUSES } from "./finish-run";
import { actionContext, prepareStep } from "./prepare-step";
import { completeStep, failAttempt } from "./step-outcomes";
import type { ResumeData } from "./tasks";
import { resumeWithEventTask } from "./tasks";
import { loadTrigger } from "./template-context";
import { carriesKey, isOwnEvent, patternPredicate } from "./waits";

/**
 * Finds the waiting steps a new event ends (pattern, time, and the key or the trigger's
 * correlation group) and schedules their resumption. Waits live in the shared store, so
 * whichever instance receives the event resumes the run.
 */
export async function resumeWaitingSteps(
  context: EngineContext,
  event: CorrelatedEvent,
): Promise<number> {
  const waiting = await context.store.listWaitingSteps({ kind: "event" });
  let eventGroup: string | null | undefined;
  let resumed = 0;
  for (const step of waiting) {
    const { wait } = step;
    if (!wait?.pattern || (wait.since && event.occurredAt < wait.since)) continue;
    if (!patternPredicate(wait.pattern)(event)) continue;
    const run = await context.store.getWorkflow(step.runId);
    if (!run || !ACTIVE_RUN_STATUSES.includes(run.status) || isOwnEvent(run, event)) continue;
    if (wait.match === "key") {
      if (!wait.key || !carriesKey(event, wait.key)) continue;
    } else {
      eventGroup ??=
        (await context.events.get(event.id, { payload: false }))?.correlationId ??
        event.correlationId ??
        null;
      const trigger = run.triggerEventId
        ? await context.events.get(run.triggerEventId, { payload: false })
        : undefined;
      if (!eventGroup || trigger?.correlationId !== eventGroup) continue;
    }
    await context.runtime.schedule([
      resumeWithEventTask(step.runId, step.stepId, step.attempts, event.id),
    ]);
    resumed += 1;
  }
  return resumed;
}

/**
 * Handles a `resume` task: the first resume of a wait wins (a guarded update); a timeout
 * fails the step unless the wait continues on timeout; otherwise the action's `resume`
 * (or the default `{ event, timedOut }`) makes the step's output.
 */
export async function handleResumeTask(
  context: EngineContext,
  delivery: WorkflowTaskDelivery,
): Promise<void> {
  const { task } = delivery;
  const data = task.data as ResumeData;
  const run = await context.store.getWorkflow(task.runId);
  if (!run || !ACTIVE_RUN_STATUSES.includes(run.status)) return;
  const step = run.definition.steps.find((candidate) => candidate.id === task.stepId);
  const steps = await context.store.listSteps(run.id);
  const record = steps.find((candidate) => candidate.stepId === task.stepId);
  if (!step || !record || record.status !== "waiting" || record.attempts !== data.attempt) return;
  let outcome: WaitOutcome = { event: null, timedOut: true };
  if (data.eventId) {
    const event = await context.events.get(data.eventId);
    if (!event) return;
    outcome = { event, timedOut: false };
  }
  const wait = record.wait;
  if (outcome.timedOut && wait?.kind === "event" && wait.onTimeout !== "continue") {
    const waited = wait.until
      ? Math.round((wait.until.getTime() - record.updatedAt.getTime()) / 1000)
      : 0;
    return failAttempt(
      context,
      run,
      step,
      record.attempts,
      new WorkflowError({
        code: "workflow_wait_timed_out",
        message: `Step "${step.id}" waited ${waited} s for an event matching ${JSON.stringify(wait.pattern)} and none came.`,
      }),
    );
  }
  const trigger = await loadTrigger(context, run);
  let value: unknown;
  try {
    const prepared = prepareStep(context, run, step, steps, trigger);
    const signal = new AbortController().signal;
    const actionCtx = actionContext(context, run, step, record.attempts, signal, trigger);
    value = prepared.action.resume
      ? await prepared.action.resume(outcome, prepared.input, actionCtx)
      : waitOutput(outcome);
  } catch (error) {
    // A transient failure (the platform is down) makes the runtime deliver the resume again.
    if (isRetryableError(error) && !WorkflowError.isInstance(error)) throw error;
    return failAttempt(context, run, step, record.attempts, error, { retry: false });
  }
  await completeStep(context, run, step, record.attempts, value, ["waiting"]);
}
