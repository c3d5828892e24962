import type {
  WorkflowRecord,
  WorkflowStep,
  WorkflowStepRecord,
  WorkflowTask,
} from "@contexten/core";
import { allConditionsHold } from "../definitions/conditions";
import { type EngineContext, nowDate } from "./engine-context";
import { ACTIVE_RUN_STATUSES, finishRun } from "./finish-run";
import { publishUpdate } from "./run-events";
import { stepTask } from "./tasks";
import { buildTemplateContext, loadTrigger } from "./template-context";

/** Whether a step no longer holds back the steps that depend on it. */
function isSettled(definitionStep: WorkflowStep, record: WorkflowStepRecord | undefined): boolean {
  if (!record) return false;
  if (record.status === "completed" || record.status === "skipped") return true;
  return record.status === "failed" && definitionStep.continueOnError;
}

/**
 * Moves a run forward after one of its steps settled (or when it starts): schedules every
 * pending step whose dependencies are all done (independent branches in parallel), skips
 * those whose `when` does not hold, and completes the run once every step is settled.
 * Idempotent: tasks have deterministic keys and every state change is guarded, so any
 * number of workers may call it for the same run at once.
 */
export async function advanceRun(context: EngineContext, runId: string): Promise<void> {
  for (;;) {
    const run = await context.store.getWorkflow(runId);
    if (!run || !ACTIVE_RUN_STATUSES.includes(run.status)) return;
    const steps = await context.store.listSteps(runId);
    const byId = new Map(steps.map((step) => [step.stepId, step]));
    const definitionSteps = run.definition.steps;
    const ready = definitionSteps.filter(
      (step) =>
        byId.get(step.id)?.status === "pending" &&
        step.dependsOn.every((dependency) =>
          isSettled(
            definitionSteps.find((candidate) => candidate.id === dependency)!,
            byId.get(dependency),
          ),
        ),
    );
    const skipped = await skipUnwanted(context, run, steps, ready);
    if (skipped) continue;
    const tasks: WorkflowTask[] = ready.map((step) =>
      stepTask(run.id, step, 1, {
        graceMs: context.leaseGraceMs,
        defaultMs: context.defaultStepLeaseMs,
      }),
    );
    if (tasks.length > 0) await context.runtime.schedule(tasks);
    if (definitionSteps.every((step) => isSettled(step, byId.get(step.id)))) {
      await finishRun(context, run, "completed");
    }
    return;
  }
}

/**
 * Skips ready steps that should not run: those whose `when` does not hold, and those
 * without a `when` that depend on a skipped step (as in GitHub Actions: a branch that was
 * not taken stays not taken; give a step a `when` to run it anyway). Resolves whether
 * any was skipped.
 */
async function skipUnwanted(
  context: EngineContext,
  run: WorkflowRecord,
  steps: readonly WorkflowStepRecord[],
  ready: readonly WorkflowStep[],
): Promise<boolean> {
  const skippedIds = new Set(
    steps.filter((step) => step.status === "skipped").map((step) => step.stepId),
  );
  const guarded = ready.filter((step) => (step.when ?? []).length > 0);
  const orphaned = ready.filter(
    (step) =>
      (step.when ?? []).length === 0 &&
      step.dependsOn.some((dependency) => skippedIds.has(dependency)),
  );
  if (guarded.length === 0 && orphaned.length === 0) return false;
  const templateContext =
    guarded.length > 0
      ? buildTemplateContext(run, steps, await loadTrigger(context, run))
      : undefined;
  let skippedAny = false;
  for (const step of [...guarded, ...orphaned]) {
    if (
      templateContext &&
      guarded.includes(step) &&
      allConditionsHold(step.when, templateContext)
    ) {
      continue;
    }
    const at = nowDate(context);
    const skipped = await context.store.updateStep(
      run.id,
      step.id,
      { status: "skipped", finishedAt: at, at },
      { ifStatus: ["pending"] },
    );
    if (skipped) {
      skippedAny = true;
      publishUpdate(context, run, "skipped", { stepId: step.id });
    }
  }
  return skippedAny;
}
