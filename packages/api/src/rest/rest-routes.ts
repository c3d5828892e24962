import { NotFoundError } from "@contexten/core";
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { ApiContext, ApiEnv } from "../api-context";
import { requireScope } from "../auth/require-scope";
import {
  describeRule,
  integrationStatus,
  listEvents,
  listWorkflowRuns,
  requireWorkflows,
} from "./api-services";
import {
  correlationRuleBody,
  eventQuerySchema,
  idParam,
  lineageQuerySchema,
  nameParam,
  workflowCancelBody,
  workflowQuerySchema,
  workflowTriggerBody,
} from "./request-schemas";
import {
  cancelResultBody,
  errorBody,
  eventBody,
  eventPageBody,
  integrationStatusBody,
  lineageBody,
  ruleBody,
  ruleListBody,
  triggerResultBody,
  workflowListBody,
  workflowViewBody,
} from "./wire-schemas";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

const errors = {
  400: json(errorBody, "The request is malformed; the message says what to fix."),
  401: json(errorBody, "No bearer token, or one that matches no configured token."),
  403: json(errorBody, "The token lacks the scope this route needs."),
  413: json(errorBody, "The request body is larger than the configured limit."),
};
const notFound = { 404: json(errorBody, "Not found.") };
const security = [{ bearerAuth: [] }];

/** Adds the `/api/v1` routes (all but the webhooks) to `app`. */
export function addRestRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  const { maxPageSize, maxLineageDepth } = context.limits;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/integrations/status",
      summary: "Health of every integration",
      security,
      responses: { 200: json(integrationStatusBody, "Health by platform."), ...errors },
    }),
    async (c) => c.json(serialize(await integrationStatus(context)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events",
      summary: "Events by correlation key, or a filtered page",
      security,
      request: { query: eventQuerySchema(maxPageSize) },
      responses: { 200: json(eventPageBody, "A page of events."), ...errors },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listEvents(context, {
        keys: query.key,
        type: query.type,
        platform: query.platform,
        correlationId: query.correlationId,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
      });
      return c.json(serialize(page), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{id}",
      summary: "One stored event",
      security,
      request: { params: idParam },
      responses: { 200: json(eventBody, "The event."), ...errors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const event = await context.store.get(id);
      if (!event) throw new NotFoundError({ entity: "event", id });
      return c.json(serialize(event), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{id}/lineage",
      summary: "The event's lineage: related events, links and workflows",
      security,
      request: { params: idParam, query: lineageQuerySchema(maxLineageDepth) },
      responses: { 200: json(lineageBody, "The lineage."), ...errors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const query = c.req.valid("query");
      const lineage = await context.engine.getEventLineage(id, {
        ...(query.maxDepth !== undefined ? { maxDepth: query.maxDepth } : {}),
        ...(query.payload === "false" ? { payload: false } : {}),
      });
      return c.json(serialize(lineage), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/workflows",
      summary: "Workflow runs, newest first",
      security,
      request: { query: workflowQuerySchema(maxPageSize) },
      responses: { 200: json(workflowListBody, "Runs."), ...errors, ...notFound },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const workflows = await listWorkflowRuns(context, {
        ...(query.status ? { status: query.status } : {}),
        ...(query.definitionId ? { definitionId: query.definitionId } : {}),
        ...(query.triggerEventId ? { triggerEventId: query.triggerEventId } : {}),
        ...(query.correlationId ? { correlationId: query.correlationId } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      });
      return c.json(serialize({ workflows }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/workflows/trigger",
      summary: "Starts a run of a registered workflow definition",
      security,
      request: { body: { ...json(workflowTriggerBody, "What to run."), required: true } },
      responses: {
        200: json(triggerResultBody, "The run this idempotency key started before."),
        201: json(triggerResultBody, "A new run."),
        ...errors,
        ...notFound,
      },
    }),
    async (c) => {
      requireScope(c.var.caller, "write");
      const body = c.req.valid("json");
      const { run, created } = await requireWorkflows(context).trigger(
        body.workflowId,
        body.input,
        {
          ...(body.idempotencyKey ? { idempotencyKey: body.idempotencyKey } : {}),
        },
      );
      return created
        ? c.json(serialize({ run, created }), 201)
        : c.json(serialize({ run, created }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/workflows/{id}",
      summary: "One run with its steps",
      security,
      request: { params: idParam },
      responses: { 200: json(workflowViewBody, "The run."), ...errors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const view = await requireWorkflows(context).getRun(id);
      if (!view) throw new NotFoundError({ entity: "workflow run", id });
      return c.json(serialize(view), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/workflows/{id}/cancel",
      summary: "Cancels a run that has not finished",
      security,
      request: {
        params: idParam,
        body: { ...json(workflowCancelBody, "Why (optional)."), required: false },
      },
      responses: {
        200: json(cancelResultBody, "Whether this call canceled it (false: it had finished)."),
        ...errors,
        ...notFound,
      },
    }),
    async (c) => {
      requireScope(c.var.caller, "write");
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const engine = requireWorkflows(context);
      if (!(await engine.getRun(id))) throw new NotFoundError({ entity: "workflow run", id });
      const canceled = await engine.cancel(id, body?.reason);
      return c.json({ canceled }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/correlation-rules",
      summary: "The correlation rules, in evaluation order",
      security,
      responses: { 200: json(ruleListBody, "Rules."), ...errors },
    }),
    async (c) =>
      c.json(
        serialize({ rules: context.config.rules.map((rule) => describeRule(context, rule)) }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/correlation-rules",
      summary: "Creates a correlation rule; every instance applies it",
      security,
      request: { body: { ...json(correlationRuleBody, "The rule."), required: true } },
      responses: { 201: json(ruleBody, "The rule as stored."), ...errors },
    }),
    async (c) => {
      requireScope(c.var.caller, "admin");
      const rule = await context.config.createRule(c.req.valid("json"));
      return c.json(serialize(describeRule(context, rule)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/correlation-rules/{name}",
      summary: "Deletes a rule created through the API, on every instance",
      security,
      request: { params: nameParam },
      responses: { 204: { description: "Deleted." }, ...errors, ...notFound },
    }),
    async (c) => {
      requireScope(c.var.caller, "admin");
      await context.config.deleteRule(c.req.valid("param").name);
      return c.body(null, 204);
    },
  );
}

/**
 * Core's models as the wire schemas describe them: `c.json` sends them with
 * `JSON.stringify`, which writes dates as ISO strings, so only the type changes.
 */
// biome-ignore lint/suspicious/noExplicitAny: the wire schemas describe the result
function serialize(value: unknown): any {
  return value;
}
