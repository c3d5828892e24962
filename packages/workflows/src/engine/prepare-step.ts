import type {
  AnyWorkflowAction,
  CorrelatedEvent,
  WorkflowActionContext,
  WorkflowRecord,
  WorkflowStep,
  WorkflowStepRecord,
} from "@contexten/core";
import { createWorkflowSuspension, parseWithSchema } from "@contexten/core/adapter";
import { renderTemplates } from "../definitions/templates";
import { WorkflowError } from "../errors/workflow-error";
import type { EngineContext } from "./engine-context";
import { buildTemplateContext } from "./template-context";

/** A step's action and its rendered, validated input. */
export interface PreparedStep {
  /** The action to run. */
  action: AnyWorkflowAction;
  /** Its input, rendered and parsed by the action's schema. */
  input: unknown;
}

/**
 * Finds the step's action and renders and validates its input. Throws `WorkflowError`
 * (`workflow_action_unknown`) when this worker lacks the action, `ValidationError` when the
 * rendered input fails the action's schema: neither is retried.
 */
export function prepareStep(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  steps: readonly WorkflowStepRecord[],
  trigger: CorrelatedEvent | undefined,
): PreparedStep {
  const action = context.actions.get(step.action);
  if (!action) {
    throw new WorkflowError({
      code: "workflow_action_unknown",
      message: `This worker has no action "${step.action}"; register it on every worker (createWorkflowEngine({ actions })).`,
    });
  }
  const rendered = renderTemplates(step.input, buildTemplateContext(run, steps, trigger));
  const input = parseWithSchema(
    action.input,
    rendered,
    `input of step "${step.id}" (${step.action}) after rendering its templates`,
  );
  return { action, input };
}

/** The context an action's `run` and `resume` receive. */
export function actionContext(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
  signal: AbortSignal,
  trigger: CorrelatedEvent | undefined,
): WorkflowActionContext {
  return {
    idempotencyKey: `${run.id}:${step.id}`,
    runId: run.id,
    stepId: step.id,
    attempt,
    signal,
    clock: context.clock,
    logger: context.logger,
    trigger,
    waitForEvent: (request) => createWorkflowSuspension({ event: request }),
    sleep: (ms) => createWorkflowSuspension({ until: context.clock.now() + Math.max(0, ms) }),
  };
}
