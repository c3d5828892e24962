import { z } from "zod";
import { retryPolicySchema } from "./retry-policy";

/** One step of a workflow: a named action with its input. */
export const workflowStepSchema = z.object({
  /** Unique within the workflow. */
  id: z.string().min(1),
  /** Display name. */
  name: z.string().min(1),
  /** Action to run, namespaced: `slack.notify`, `linear.attach_url`, `github.comment`. */
  action: z.string().min(1),
  /** Action input; string values may hold `{{event.path}}` templates. */
  input: z.record(z.string(), z.unknown()).default({}),
  /** Steps that must finish first. */
  dependsOn: z.array(z.string()).default([]),
  /** Per-step time limit in seconds. */
  timeoutSeconds: z.number().int().positive().optional(),
  /** Keep going when this step fails. */
  continueOnError: z.boolean().default(false),
  /** Overrides the workflow's retry policy for this step. */
  retryPolicy: retryPolicySchema.optional(),
});

/** See {@link workflowStepSchema}. */
export type WorkflowStep = z.output<typeof workflowStepSchema>;
