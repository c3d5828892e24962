import { z } from "zod";
import { eventPatternSchema } from "./event-pattern";
import { retryPolicySchema } from "./retry-policy";
import { workflowConditionSchema } from "./workflow-condition";
import { workflowStepSchema } from "./workflow-step";

/** An automated workflow. */
export const workflowDefinitionSchema = z
  .object({
    /** Stable id. */
    id: z.string().min(1),
    /** Display name. */
    name: z.string().min(1).max(200),
    /** What it does. */
    description: z.string().default(""),
    /**
     * Events that start it (any one matching is enough). Empty (the default) for a workflow
     * that only starts by hand (`engine.trigger(id, input)`).
     */
    triggerPatterns: z.array(eventPatternSchema).default([]),
    /** Steps, ordered; `dependsOn` may reorder. */
    steps: z.array(workflowStepSchema).min(1),
    /** All must hold for the workflow to run. */
    conditions: z.array(workflowConditionSchema).default([]),
    /** Overall time limit; the default is 60 minutes. */
    timeoutMinutes: z.number().int().positive().default(60),
    /** Default retry policy for steps. */
    retryPolicy: retryPolicySchema.default(retryPolicySchema.parse({})),
  })
  .superRefine((definition, context) => {
    const ids = new Set<string>();
    for (const [index, step] of definition.steps.entries()) {
      if (ids.has(step.id)) {
        context.addIssue({
          code: "custom",
          path: ["steps", index, "id"],
          message: `duplicate step id "${step.id}"`,
        });
      }
      ids.add(step.id);
    }
    for (const [index, step] of definition.steps.entries()) {
      for (const dependency of step.dependsOn) {
        if (!ids.has(dependency)) {
          context.addIssue({
            code: "custom",
            path: ["steps", index, "dependsOn"],
            message: `step "${step.id}" depends on unknown step "${dependency}"`,
          });
        }
      }
    }
  });

/** See {@link workflowDefinitionSchema}. */
export type WorkflowDefinition = z.output<typeof workflowDefinitionSchema>;

/** Input form of {@link WorkflowDefinition}: fields with defaults may be omitted. */
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>;
