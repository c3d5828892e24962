import { z } from "zod";

/**
 * A guard on a workflow: the value at `path` (dotted, into the triggering event, e.g.
 * `payload.pull_request.base.ref`) compared with `value`.
 */
export const workflowConditionSchema = z.object({
  /** Dotted path into the triggering event. */
  path: z.string().min(1),
  /** Comparison. `exists` ignores `value`; `matches` takes a regular expression. */
  operator: z.enum(["equals", "notEquals", "in", "notIn", "exists", "matches", "gt", "lt"]),
  /** What to compare with. */
  value: z.unknown().optional(),
});

/** See {@link workflowConditionSchema}. */
export type WorkflowCondition = z.infer<typeof workflowConditionSchema>;
