import type { WorkflowErrorRecord, WorkflowRecord, WorkflowStatus } from "@contexten/core";
import { FINAL_STEP_STATUSES, WORKFLOW_STEP_STATUSES } from "@contexten/core/adapter";
import { WorkflowError } from "../errors/workflow-error";
import { abortInflight, type EngineContext, nowDate } from "./engine-context";
import { publishUpdate, RunEventTypes, recordRunEvent } from "./run-events";
import { deadlineKey } from "./tasks";

/** Run states from which a run can still change. */
export const ACTIVE_RUN_STATUSES: readonly WorkflowStatus[] = ["pending", "running", "waiting"];

/** Step states from which a step can still change. */
export const ACTIVE_STEP_STATUSES = WORKFLOW_STEP_STATUSES.filter(
  (status) => !FINAL_STEP_STATUSES.includes(status),
);

const EVENT_FOR_STATUS: Partial<Record<WorkflowStatus, string>> = {
  completed: RunEventTypes.COMPLETED,
  failed: RunEventTypes.FAILED,
  timed_out: RunEventTypes.TIMED_OUT,
  canceled: RunEventTypes.CANCELED,
};

/**
 * Moves a run to a final state, unless it already reached one: exactly one caller wins
 * (a guarded update). Unfinished steps are canceled and attempts running in this process
 * aborted. The run event is written whenever the run is found in `status`, so a caller
 * that crashed after the update is repaired by the next one. Resolves whether the run is
 * now in `status`.
 */
export async function finishRun(
  context: EngineContext,
  run: WorkflowRecord,
  status: WorkflowStatus,
  error: WorkflowErrorRecord | null = null,
): Promise<boolean> {
  const at = nowDate(context);
  const updated = await context.store.updateWorkflow(
    run.id,
    { status, error, finishedAt: at, at },
    { ifStatus: ACTIVE_RUN_STATUSES },
  );
  const current = updated ?? (await context.store.getWorkflow(run.id));
  if (!current || current.status !== status) return false;
  if (status !== "completed") {
    abortInflight(
      context,
      run.id,
      new WorkflowError({
        code: status === "timed_out" ? "workflow_timed_out" : "workflow_canceled",
        message: `The run ended (${status}) while this step ran.`,
      }),
    );
    for (const step of await context.store.listSteps(run.id)) {
      if (!ACTIVE_STEP_STATUSES.includes(step.status)) continue;
      await context.store.updateStep(
        run.id,
        step.stepId,
        { status: "canceled", wait: null, finishedAt: at, at },
        { ifStatus: ACTIVE_STEP_STATUSES },
      );
    }
  }
  // The deadline has nothing left to do; a runtime that cannot cancel delivers it to no effect.
  if (status !== "timed_out") await context.runtime.cancel?.([deadlineKey(run.id)]);
  await recordRunEvent(context, current, EVENT_FOR_STATUS[status]!, {
    status,
    ...(current.error ? { error: current.error } : {}),
  });
  if (updated) publishUpdate(context, updated, status, { error: updated.error ?? null });
  return true;
}
