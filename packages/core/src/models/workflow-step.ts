import { z } from "zod";
import { retryPolicySchema } from "./retry-policy";
import { workflowConditionSchema } from "./workflow-condition";

/** One step of a workflow: a named action with its input. */
export const workflowStepSchema = z.object({
  /** Unique within the workflow. */
  id: z.string().min(1),
  /** Display name. */
  name: z.string().min(1),
  /** Action to run, namespaced: `slack.notify`, `linear.attach_url`, `github.comment`. */
  action: z.string().min(1),
  /**
   * Action input. String values may hold templates: `{{trigger.payload.pull_request.number}}`
   * (the event that started the run; `event` is an alias), `{{input.x}}` (a manual
   * trigger's input), `{{steps.<id>.output.y}}` (a step this one depends on, directly or
   * not) and `{{run.id}}`. A string that is one template keeps the value's type.
   */
  input: z.record(z.string(), z.unknown()).default({}),
  /** Steps that must finish first. */
  dependsOn: z.array(z.string()).default([]),
  /** Per-step time limit in seconds. */
  timeoutSeconds: z.number().int().positive().optional(),
  /** Keep going when this step fails. */
  continueOnError: z.boolean().default(false),
  /** Overrides the workflow's retry policy for this step. */
  retryPolicy: retryPolicySchema.optional(),
  /**
   * Run the step only when every condition holds; otherwise it is skipped (and counts as
   * done for the steps that depend on it). Paths read the template context:
   * `steps.wait.output.timedOut`, `trigger.payload.action`, `input.force`.
   */
  when: z.array(workflowConditionSchema).optional(),
});

/** See {@link workflowStepSchema}. */
export type WorkflowStep = z.output<typeof workflowStepSchema>;
