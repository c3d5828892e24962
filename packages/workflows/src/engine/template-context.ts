import type { CorrelatedEvent, WorkflowRecord, WorkflowStepRecord } from "@contexten/core";
import type { TemplateContext } from "../definitions/templates";
import type { EngineContext } from "./engine-context";

/** An event as JSON (dates as ISO strings), the form templates and conditions read. */
export function eventAsJson(event: CorrelatedEvent | undefined): unknown {
  return event ? JSON.parse(JSON.stringify(event)) : null;
}

/** Loads the trigger event of a run with its payload, when it has one still stored. */
export async function loadTrigger(
  context: EngineContext,
  run: WorkflowRecord,
): Promise<CorrelatedEvent | undefined> {
  return run.triggerEventId ? context.events.get(run.triggerEventId) : undefined;
}

/** What a run's templates and `when` conditions read. */
export function buildTemplateContext(
  run: WorkflowRecord,
  steps: readonly WorkflowStepRecord[],
  trigger: CorrelatedEvent | undefined,
): TemplateContext {
  const triggerJson = eventAsJson(trigger);
  return {
    trigger: triggerJson,
    event: triggerJson,
    input: run.input ?? {},
    steps: Object.fromEntries(
      steps.map((step) => [
        step.stepId,
        { status: step.status, output: step.output ?? null, error: step.error ?? null },
      ]),
    ),
    run: { id: run.id, definitionId: run.definition.id, name: run.name },
  };
}
