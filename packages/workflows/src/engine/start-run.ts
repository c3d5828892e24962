import type { CorrelatedEvent, WorkflowDefinition, WorkflowRecord } from "@contexten/core";
import { captureTraceContext, pendingStepRecords } from "@contexten/core/adapter";
import { advanceRun } from "./advance-run";
import { type EngineContext, nowDate, TRACE_CONTEXT_STATE_KEY } from "./engine-context";
import { ACTIVE_RUN_STATUSES } from "./finish-run";
import { publishUpdate, RunEventTypes, recordRunEvent } from "./run-events";
import { deadlineTask } from "./tasks";

/** A run an event or a manual trigger led to. */
export interface TriggeredRun {
  /** The run as stored. */
  run: WorkflowRecord;
  /** False when the run already existed (a redelivered or replayed trigger): nothing new started. */
  created: boolean;
}

/**
 * Creates a run and its steps (once: the id is deterministic and creation is
 * insert-if-absent), writes `workflow.started`, schedules the run's deadline and its first
 * steps. Calling it again for an existing, unfinished run only repeats the idempotent
 * parts, which finishes a start cut short by a crash.
 */
export async function startRun(
  context: EngineContext,
  definition: WorkflowDefinition,
  options: { runId: string; trigger: CorrelatedEvent | undefined; input: Record<string, unknown> },
): Promise<TriggeredRun> {
  const at = nowDate(context);
  const record: WorkflowRecord = {
    id: options.runId,
    name: definition.name,
    definition,
    status: "running",
    triggerEventId: options.trigger?.id ?? null,
    correlationId: options.trigger?.correlationId ?? null,
    input: options.input,
    error: null,
    state: traceState(context),
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
  };
  const steps = pendingStepRecords(
    options.runId,
    definition.steps.map((step) => step.id),
    at,
  );
  const created = await context.store.createWorkflow(record, steps);
  const run = created ? record : await context.store.getWorkflow(options.runId);
  if (!run) return { run: record, created };
  if (!ACTIVE_RUN_STATUSES.includes(run.status)) return { run, created };
  await recordRunEvent(context, run, RunEventTypes.STARTED, {
    status: "running",
    input: run.input ?? {},
  });
  await context.runtime.schedule([
    deadlineTask(run.id, run.createdAt.getTime() + run.definition.timeoutMinutes * 60_000),
  ]);
  if (created) publishUpdate(context, run, "running");
  await advanceRun(context, run.id);
  return { run: (await context.store.getWorkflow(run.id)) ?? run, created };
}

/** A new run's state: the current trace context, so its steps continue the trace. */
function traceState(context: EngineContext): Record<string, unknown> {
  const trace = captureTraceContext(context.instrumentation);
  return trace === undefined ? {} : { [TRACE_CONTEXT_STATE_KEY]: trace };
}
