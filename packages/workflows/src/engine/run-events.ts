import type {
  CorrelatedEvent,
  WorkflowErrorRecord,
  WorkflowExecutionInfo,
  WorkflowRecord,
} from "@contexten/core";
import { deriveEventId, emitInstrumentation, linkId } from "@contexten/core/adapter";
import { type EngineContext, nowDate } from "./engine-context";

/** Types of the events a run writes into the event store. */
export const RunEventTypes = {
  /** The run started. */
  STARTED: "workflow.started",
  /** A step completed. */
  STEP_COMPLETED: "workflow.step.completed",
  /** A step failed for good (after its retries). */
  STEP_FAILED: "workflow.step.failed",
  /** Every step is done. */
  COMPLETED: "workflow.completed",
  /** A step failed and the run stopped. */
  FAILED: "workflow.failed",
  /** The run outlived `timeoutMinutes`. */
  TIMED_OUT: "workflow.timed_out",
  /** The run was canceled. */
  CANCELED: "workflow.canceled",
} as const;

/** Name of the link rule that ties run events to the event that started the run. */
export const RUN_LINK_RULE = "workflow_run";

/** The correlation key every event of a run has: `contexten:workflow:<runId>`. */
export function runKey(runId: string): string {
  return `contexten:workflow:${runId}`;
}

/**
 * Appends a run event (its id derives from run, type and step, so writing it again changes
 * nothing), in the trigger's correlation group, linked to the trigger: the run shows in the
 * trigger's lineage.
 */
export async function recordRunEvent(
  context: EngineContext,
  run: WorkflowRecord,
  type: string,
  details: { stepId?: string; [field: string]: unknown } = {},
): Promise<void> {
  const at = nowDate(context);
  const parentId = run.triggerEventId ?? null;
  const parent = parentId ? await context.events.get(parentId, { payload: false }) : undefined;
  const event: CorrelatedEvent = {
    id: deriveEventId("contexten.workflow.event", run.id, type, details.stepId ?? ""),
    type,
    platform: "contexten",
    occurredAt: at,
    receivedAt: at,
    deliveryId: null,
    subject: {
      kind: "workflow_run",
      id: run.id,
      key: run.definition.id,
      title: `${run.name}${details.stepId ? ` · ${details.stepId}` : ""}`.slice(0, 200),
    },
    keys: [runKey(run.id)],
    refs: [],
    payload: JSON.parse(
      JSON.stringify({ runId: run.id, definitionId: run.definition.id, ...details }),
    ) as Record<string, unknown>,
    correlationId: parent?.correlationId ?? null,
    parentEventId: parent ? parent.id : null,
    workflowId: run.id,
  };
  await context.events.append(event);
  if (parent) {
    await context.events.link({
      id: linkId(RUN_LINK_RULE, event.id, parent.id),
      sourceEventId: event.id,
      targetEventId: parent.id,
      rule: RUN_LINK_RULE,
      strength: 1,
      evidence: [{ key: runKey(run.id), evidence: "attachment", field: "parentEventId" }],
      createdAt: at,
    });
  }
}

/** Tells the bus (`workflow`) and `Instrumentation.onWorkflowExecution` about a change. */
export function publishUpdate(
  context: EngineContext,
  run: WorkflowRecord,
  status: string,
  extra: { stepId?: string; attempt?: number; error?: WorkflowErrorRecord | null } = {},
): void {
  const info: WorkflowExecutionInfo = {
    workflowId: run.id,
    name: run.name,
    status,
    durationMs: Math.max(0, context.clock.now() - run.createdAt.getTime()),
    definitionId: run.definition.id,
    triggerEventId: run.triggerEventId ?? null,
    ...(extra.stepId !== undefined ? { stepId: extra.stepId } : {}),
    ...(extra.attempt !== undefined ? { attempt: extra.attempt } : {}),
    ...(extra.error ? { error: { code: extra.error.code, message: extra.error.message } } : {}),
  };
  emitInstrumentation(context.instrumentation, "onWorkflowExecution", info);
  try {
    context.bus?.emit("workflow", info);
  } catch (error) {
    context.logger.error("[contexten] a workflow listener threw:", error);
  }
}
