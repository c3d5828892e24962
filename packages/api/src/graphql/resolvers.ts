import type { CorrelatedEvent, Correlation, WorkflowRecord, WorkflowStatus } from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { z } from "zod";
import type { ApiContext } from "../api-context";
import type { ApiCaller, ApiScope } from "../auth/bearer-auth";
import { requireScope } from "../auth/require-scope";
import type { EventFilter } from "../live/event-filter";
import {
  describeRule,
  integrationStatus,
  listEvents,
  listWorkflowRuns,
  requireWorkflows,
} from "../rest/api-services";
import type { ApiLoaders } from "./loaders";

/** What every resolver gets. */
export interface GraphQLContext {
  caller: ApiCaller;
  loaders: ApiLoaders;
}

const DateTime = new GraphQLScalarType({
  name: "DateTime",
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError("DateTime must be an ISO 8601 string, e.g. 2026-01-01T00:00:00Z.");
  }
  return date;
}

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalValue);
    case Kind.OBJECT:
      return Object.fromEntries(
        ast.fields.map((field) => [field.name.value, literalValue(field.value)]),
      );
    default:
      throw new GraphQLError(
        "JSON literals cannot use variables inside; pass the whole value as a variable.",
      );
  }
}

const JSONScalar = new GraphQLScalarType({
  name: "JSON",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

const triggerInput = z
  .object({
    workflowId: z.string().min(1).max(200),
    input: z.record(z.string(), z.unknown()).nullish(),
    idempotencyKey: z.string().min(1).max(200).nullish(),
  })
  .strict();

const guard = (context: GraphQLContext, scope: ApiScope): void => {
  try {
    requireScope(context.caller, scope);
  } catch (error) {
    throw new GraphQLError((error as Error).message, {
      extensions: { code: "FORBIDDEN", http: { status: 403 } },
    });
  }
};

const checkLimit = (limit: number | null | undefined, max: number): void => {
  if (limit !== null && limit !== undefined && (limit < 1 || limit > max)) {
    throw new GraphQLError(`limit must be between 1 and ${max}.`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
};

/** Resolvers over the shared context. */
export function createResolvers(api: ApiContext) {
  const runView = (run: WorkflowRecord) => ({ ...run, definitionId: run.definition.id });
  return {
    DateTime,
    JSON: JSONScalar,
    Query: {
      async integrationStatus(_: unknown, __: unknown, context: GraphQLContext) {
        guard(context, "read");
        const status = await integrationStatus(api);
        return { status: status.status, integrations: Object.values(status.integrations) };
      },
      async event(_: unknown, args: { id: string }, context: GraphQLContext) {
        guard(context, "read");
        return (await context.loaders.events.load(args.id)) ?? null;
      },
      async eventLineage(
        _: unknown,
        args: { eventId: string; maxDepth?: number | null },
        context: GraphQLContext,
      ) {
        guard(context, "read");
        if (args.maxDepth !== null && args.maxDepth !== undefined) {
          if (args.maxDepth < 0 || args.maxDepth > api.limits.maxLineageDepth) {
            throw new GraphQLError(
              `maxDepth must be between 0 and ${api.limits.maxLineageDepth}.`,
              {
                extensions: { code: "BAD_USER_INPUT" },
              },
            );
          }
        }
        const lineage = await api.engine.getEventLineage(args.eventId, {
          ...(typeof args.maxDepth === "number" ? { maxDepth: args.maxDepth } : {}),
        });
        for (const event of [lineage.rootEvent, ...lineage.relatedEvents]) {
          context.loaders.events.prime(event.id, event);
        }
        return lineage;
      },
      async correlatedEvents(
        _: unknown,
        args: {
          filter?:
            | (EventFilter & {
                since?: Date;
                until?: Date;
                order?: string;
                limit?: number;
                cursor?: string;
              })
            | null;
        },
        context: GraphQLContext,
      ) {
        guard(context, "read");
        const filter = args.filter ?? {};
        checkLimit(filter.limit, api.limits.maxPageSize);
        if (filter.order && filter.order !== "newest" && filter.order !== "oldest") {
          throw new GraphQLError('order must be "newest" or "oldest".', {
            extensions: { code: "BAD_USER_INPUT" },
          });
        }
        const page = await listEvents(api, {
          ...filter,
          platform: filter.platform ?? undefined,
          type: filter.type ?? undefined,
          order: (filter.order as "newest" | "oldest" | undefined) ?? undefined,
          limit: filter.limit ?? undefined,
          cursor: filter.cursor ?? undefined,
          since: filter.since ?? undefined,
          until: filter.until ?? undefined,
        });
        for (const event of page.events) context.loaders.events.prime(event.id, event);
        return page;
      },
      async workflows(
        _: unknown,
        args: {
          filter?: {
            status?: string[];
            definitionId?: string;
            triggerEventId?: string;
            correlationId?: string;
            limit?: number;
          } | null;
        },
        context: GraphQLContext,
      ) {
        guard(context, "read");
        const filter = args.filter ?? {};
        checkLimit(filter.limit, api.limits.maxPageSize);
        const runs = await listWorkflowRuns(api, {
          ...(filter.status ? { status: filter.status as WorkflowStatus[] } : {}),
          ...(filter.definitionId ? { definitionId: filter.definitionId } : {}),
          ...(filter.triggerEventId ? { triggerEventId: filter.triggerEventId } : {}),
          ...(filter.correlationId ? { correlationId: filter.correlationId } : {}),
          ...(filter.limit ? { limit: filter.limit } : {}),
        });
        return runs.map(runView);
      },
      async workflow(_: unknown, args: { id: string }, context: GraphQLContext) {
        guard(context, "read");
        const view = await requireWorkflows(api).getRun(args.id);
        return view ? { ...runView(view.run), steps: view.steps } : null;
      },
      correlationRules(_: unknown, __: unknown, context: GraphQLContext) {
        guard(context, "read");
        return api.config.rules.map((rule) => ruleView(describeRule(api, rule)));
      },
    },
    Mutation: {
      async triggerWorkflow(_: unknown, args: { input: unknown }, context: GraphQLContext) {
        guard(context, "write");
        const input = parseWithSchema(triggerInput, args.input, "triggerWorkflow input");
        const { run, created } = await requireWorkflows(api).trigger(
          input.workflowId,
          input.input ?? {},
          {
            ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
          },
        );
        return { run: runView(run), created };
      },
      async cancelWorkflow(
        _: unknown,
        args: { id: string; reason?: string | null },
        context: GraphQLContext,
      ) {
        guard(context, "write");
        return requireWorkflows(api).cancel(args.id, args.reason ?? undefined);
      },
      async createCorrelationRule(_: unknown, args: { rule: unknown }, context: GraphQLContext) {
        guard(context, "admin");
        return ruleView(describeRule(api, await api.config.createRule(args.rule)));
      },
      async deleteCorrelationRule(_: unknown, args: { name: string }, context: GraphQLContext) {
        guard(context, "admin");
        await api.config.deleteRule(args.name);
        return true;
      },
      async updateIntegrationConfig(
        _: unknown,
        args: { platform: string; settings: { webhooksEnabled?: boolean | null } },
        context: GraphQLContext,
      ) {
        guard(context, "admin");
        if (!(args.platform in api.integrations)) {
          throw new GraphQLError(
            `No integration named "${args.platform}"; use one of ${Object.keys(api.integrations).join(", ") || "(none configured)"}.`,
            { extensions: { code: "BAD_USER_INPUT" } },
          );
        }
        const settings = await api.config.updateSettings(args.platform, {
          ...(typeof args.settings.webhooksEnabled === "boolean"
            ? { webhooksEnabled: args.settings.webhooksEnabled }
            : {}),
        });
        return { platform: args.platform, ...settings };
      },
    },
    Subscription: {
      eventStream: {
        subscribe: (_: unknown, args: { filter?: EventFilter | null }, context: GraphQLContext) => {
          guard(context, "read");
          return api.live.events(args.filter);
        },
        resolve: (event: CorrelatedEvent) => event,
      },
      workflowUpdates: {
        subscribe: (_: unknown, args: { workflowId: string }, context: GraphQLContext) => {
          guard(context, "read");
          const engine = requireWorkflows(api);
          return api.live.workflowUpdates(args.workflowId, async () => {
            const view = await engine.getRun(args.workflowId);
            if (!view) {
              throw new GraphQLError(
                `No workflow run with id ${JSON.stringify(args.workflowId)}.`,
                {
                  extensions: { code: "NOT_FOUND" },
                },
              );
            }
            return {
              workflowId: view.run.id,
              name: view.run.name,
              status: view.run.status,
              definitionId: view.run.definition.id,
              at: view.run.updatedAt.toISOString(),
            };
          });
        },
        resolve: (update: unknown) => update,
      },
    },
    Event: {
      links: (event: CorrelatedEvent, _: unknown, context: GraphQLContext) =>
        context.loaders.links.load(event.id),
      parent: async (event: CorrelatedEvent, _: unknown, context: GraphQLContext) =>
        event.parentEventId
          ? ((await context.loaders.events.load(event.parentEventId)) ?? null)
          : null,
    },
    Correlation: {
      source: async (link: Correlation, _: unknown, context: GraphQLContext) =>
        (await context.loaders.events.load(link.sourceEventId)) ?? null,
      target: async (link: Correlation, _: unknown, context: GraphQLContext) =>
        (await context.loaders.events.load(link.targetEventId)) ?? null,
    },
    WorkflowRun: {
      steps: async (run: WorkflowRecord & { steps?: unknown[] }) =>
        run.steps ?? (await requireWorkflows(api).getRun(run.id))?.steps ?? [],
      triggerEvent: async (run: WorkflowRecord, _: unknown, context: GraphQLContext) =>
        run.triggerEventId
          ? ((await context.loaders.events.load(run.triggerEventId)) ?? null)
          : null,
    },
  };
}

function ruleView(described: Record<string, unknown>) {
  const { name, description, kind, stored, ...definition } = described;
  return { name, description, kind, stored, definition: { name, ...definition } };
}
