import type { WorkflowStatus } from "@contexten/core";
import { WORKFLOW_STATUSES } from "@contexten/core/adapter";
import { correlationRuleSchema } from "@contexten/core/schemas";
import { z } from "@hono/zod-openapi";

/** A query parameter that may repeat (`?type=a&type=b`); always read as a list. */
const repeatable = (description: string, example: string) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .transform((value) => [value].flat())
    .optional()
    .openapi({ description, example });

/** `GET /events` query. */
export function eventQuerySchema(maxPageSize: number) {
  return z
    .object({
      key: repeatable(
        "Correlation keys the events are or mention; switches to a key lookup.",
        "linear:issue:ENG-123",
      ),
      type: repeatable("Event types.", "github.pull_request.opened"),
      platform: repeatable("Platforms.", "github"),
      correlationId: z.string().min(1).optional(),
      since: z.iso
        .datetime({ offset: true })
        .optional()
        .openapi({ description: "Occurred at or after." }),
      until: z.iso
        .datetime({ offset: true })
        .optional()
        .openapi({ description: "Occurred before." }),
      order: z.enum(["newest", "oldest"]).optional(),
      limit: z.coerce.number().int().min(1).max(maxPageSize).optional(),
      cursor: z
        .string()
        .min(1)
        .optional()
        .openapi({ description: "`nextCursor` of the previous page." }),
    })
    .strict();
}

/** `GET /events/:id/lineage` query. */
export function lineageQuerySchema(maxLineageDepth: number) {
  return z
    .object({
      maxDepth: z.coerce.number().int().min(0).max(maxLineageDepth).optional(),
      payload: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "`false` leaves payloads out." }),
    })
    .strict();
}

const workflowStatus = z.enum(WORKFLOW_STATUSES as [WorkflowStatus, ...WorkflowStatus[]]);

/** `GET /workflows` query. */
export function workflowQuerySchema(maxPageSize: number) {
  return z
    .object({
      status: z
        .union([workflowStatus, z.array(workflowStatus)])
        .transform((value) => [value].flat())
        .optional(),
      definitionId: z.string().min(1).optional(),
      triggerEventId: z.string().min(1).optional(),
      correlationId: z.string().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(maxPageSize).optional(),
    })
    .strict();
}

/** `POST /workflows/trigger` body: a registered definition's id and its input. The same `idempotencyKey` starts one run however often it is sent. */
export const workflowTriggerBody = z
  .object({
    workflowId: z.string().min(1).max(200).openapi({ example: "github-actions-dispatch" }),
    input: z.record(z.string(), z.unknown()).default({}),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .openapi("WorkflowTriggerRequest");

/** `POST /workflows/:id/cancel` body (optional). */
export const workflowCancelBody = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .strict()
  .openapi("WorkflowCancelRequest");

/** `POST /correlation-rules` body: core's data rule. */
export const correlationRuleBody = correlationRuleSchema;

/** Path parameter `id`. */
export const idParam = z.object({ id: z.string().min(1).max(200) });

/** Path parameter `name`. */
export const nameParam = z.object({ name: z.string().min(1).max(100) });

/** Path parameter `platform`. */
export const platformParam = z.object({ platform: z.string().min(1).max(50) });
