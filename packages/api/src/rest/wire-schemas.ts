import { z } from "@hono/zod-openapi";

/**
 * Response bodies as they travel (dates as ISO 8601 strings). These schemas document the
 * API in its OpenAPI document; the handlers serialize core's models with `JSON.stringify`.
 */
const dateTime = z.string().openapi({ format: "date-time", example: "2026-01-01T12:00:00.000Z" });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
    }),
  })
  .openapi("Error");

/** A correlation key with why it counts (an event's ref, a link's evidence). */
const keyEvidence = z.object({
  key: z.string(),
  evidence: z.string().openapi({ example: "closes" }),
  field: z.string().optional(),
  excerpt: z.string().optional(),
});

export const eventBody = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: "github.pull_request.opened" }),
    platform: z.string().openapi({ example: "github" }),
    occurredAt: dateTime,
    receivedAt: dateTime,
    deliveryId: z.string().nullable().optional(),
    subject: z.object({
      kind: z.string(),
      id: z.string(),
      key: z.string().optional(),
      url: z.string().optional(),
      title: z.string().optional(),
    }),
    keys: z.array(z.string()),
    refs: z.array(keyEvidence),
    payload: z.record(z.string(), z.unknown()),
    correlationId: z.string().nullable().optional(),
    parentEventId: z.string().nullable().optional(),
    workflowId: z.string().nullable().optional(),
    notes: z.array(z.string()).optional(),
  })
  .openapi("Event");

export const correlationBody = z
  .object({
    id: z.string(),
    sourceEventId: z.string(),
    targetEventId: z.string(),
    rule: z.string(),
    strength: z.number(),
    evidence: z.array(keyEvidence),
    createdAt: dateTime,
  })
  .openapi("Correlation");

export const eventPageBody = z
  .object({
    events: z.array(eventBody),
    nextCursor: z.string().optional(),
  })
  .openapi("EventPage");

export const lineageBody = z
  .object({
    rootEvent: eventBody,
    relatedEvents: z.array(eventBody),
    workflowsTriggered: z.array(z.string()),
    correlationStrength: z.number(),
    links: z.array(correlationBody),
    depths: z.record(z.string(), z.number()),
    strengths: z.record(z.string(), z.number()),
    correlationId: z.string().nullable().optional(),
    truncated: z.boolean(),
  })
  .openapi("EventLineage");

const healthBody = z
  .object({
    platform: z.string(),
    status: z.enum(["healthy", "degraded", "unhealthy"]),
    checkedAt: dateTime,
    latencyMs: z.number().optional(),
    message: z.string().optional(),
    rateLimits: z.record(z.string(), z.unknown()),
    details: z.record(z.string(), z.unknown()),
    webhooksEnabled: z.boolean(),
  })
  .openapi("IntegrationHealth");

export const integrationStatusBody = z
  .object({
    status: z.enum(["healthy", "degraded", "unhealthy"]),
    integrations: z.record(z.string(), healthBody),
  })
  .openapi("IntegrationStatus");

const workflowError = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().optional(),
  stepId: z.string().optional(),
  attempt: z.number().optional(),
});

export const workflowRunBody = z
  .object({
    id: z.string(),
    name: z.string(),
    definition: z.record(z.string(), z.unknown()),
    status: z.string().openapi({ example: "completed" }),
    triggerEventId: z.string().nullable().optional(),
    correlationId: z.string().nullable().optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    error: workflowError.nullable().optional(),
    state: z.record(z.string(), z.unknown()),
    createdAt: dateTime,
    updatedAt: dateTime,
    finishedAt: dateTime.nullable().optional(),
  })
  .openapi("WorkflowRun");

export const workflowStepBody = z
  .object({
    runId: z.string(),
    stepId: z.string(),
    status: z.string(),
    attempts: z.number(),
    output: z.unknown().optional(),
    error: workflowError.nullable().optional(),
    wait: z.record(z.string(), z.unknown()).nullable().optional(),
    startedAt: dateTime.nullable().optional(),
    finishedAt: dateTime.nullable().optional(),
    updatedAt: dateTime,
  })
  .openapi("WorkflowStep");

export const workflowListBody = z
  .object({ workflows: z.array(workflowRunBody) })
  .openapi("WorkflowList");

export const workflowViewBody = z
  .object({ run: workflowRunBody, steps: z.array(workflowStepBody) })
  .openapi("WorkflowRunView");

export const triggerResultBody = z
  .object({ run: workflowRunBody, created: z.boolean() })
  .openapi("WorkflowTriggerResult");

export const cancelResultBody = z.object({ canceled: z.boolean() }).openapi("WorkflowCancelResult");

export const ruleBody = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    kind: z.enum(["data", "code"]),
    stored: z.boolean().openapi({ description: "Created through the API (deletable)." }),
    source: z.record(z.string(), z.unknown()),
    target: z.record(z.string(), z.unknown()),
    match: z.record(z.string(), z.unknown()).optional(),
    strength: z.number().optional(),
    evidenceWeights: z.record(z.string(), z.number()).optional(),
    window: z.object({ minutes: z.number().optional() }).optional(),
  })
  .openapi("CorrelationRule");

export const ruleListBody = z.object({ rules: z.array(ruleBody) }).openapi("CorrelationRuleList");
