import {
  type CorrelationRule,
  type EventPage,
  type HealthStatus,
  NotFoundError,
  type WorkflowQuery,
  type WorkflowRecord,
} from "@contexten/core";
import { isCodeRule } from "@contexten/core/adapter";
import type { WorkflowEngine } from "@contexten/workflows";
import type { ApiContext } from "../api-context";
import type { EventFilter } from "../live/event-filter";

/** Shared by REST routes and GraphQL resolvers, so both answer the same. */

/** The workflow engine, or a 404 that says how to get one. */
export function requireWorkflows(context: ApiContext): WorkflowEngine {
  if (!context.workflows) {
    throw new NotFoundError({
      entity: "workflow engine",
      id: "workflows",
      message: "This service runs no workflow engine; pass `workflows` to createContextenApi.",
    });
  }
  return context.workflows;
}

/** Health of every integration; one failing check does not hide the others. */
export async function integrationStatus(context: ApiContext): Promise<{
  status: HealthStatus["status"];
  integrations: Record<string, HealthStatus & { webhooksEnabled: boolean }>;
}> {
  const entries = await Promise.all(
    Object.entries(context.integrations).map(async ([platform, integration]) => {
      const { webhooksEnabled } = context.config.settings(platform);
      let health: HealthStatus;
      try {
        health = integration.client
          ? await integration.client.getHealthStatus()
          : {
              platform,
              status: "healthy",
              checkedAt: new Date(),
              message: "No client configured: webhooks only.",
              rateLimits: {},
              details: {},
            };
      } catch (error) {
        health = {
          platform,
          status: "unhealthy",
          checkedAt: new Date(),
          message: error instanceof Error ? error.message : String(error),
          rateLimits: {},
          details: {},
        };
      }
      return [platform, { ...health, webhooksEnabled }] as const;
    }),
  );
  const statuses = entries.map(([, health]) => health.status);
  const status = statuses.includes("unhealthy")
    ? "unhealthy"
    : statuses.includes("degraded")
      ? "degraded"
      : "healthy";
  return { status, integrations: Object.fromEntries(entries) };
}

/** Listing options shared by `GET /events` and `correlatedEvents`. */
export interface EventListing extends EventFilter {
  /** Several keys for a key lookup (REST repeats `key`). */
  keys?: readonly string[] | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  order?: "newest" | "oldest" | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** A page of events: by correlation key when keys are given, else filtered with a cursor. */
export async function listEvents(context: ApiContext, listing: EventListing): Promise<EventPage> {
  const keys = [...(listing.keys ?? []), ...(listing.key ? [listing.key] : [])];
  const limit = Math.min(listing.limit ?? 50, context.limits.maxPageSize);
  if (keys.length > 0) {
    const events = await context.store.findByKeys(keys, {
      limit,
      ...(listing.since ? { since: listing.since } : {}),
    });
    return { events };
  }
  return context.store.query({
    ...(listing.type?.length ? { type: listing.type } : {}),
    ...(listing.platform?.length ? { platform: listing.platform } : {}),
    ...(listing.correlationId ? { correlationId: listing.correlationId } : {}),
    ...(listing.since ? { since: listing.since } : {}),
    ...(listing.until ? { until: listing.until } : {}),
    ...(listing.order ? { order: listing.order } : {}),
    ...(listing.cursor ? { cursor: listing.cursor } : {}),
    limit,
  });
}

/** Workflow runs, newest first. */
export function listWorkflowRuns(
  context: ApiContext,
  query: WorkflowQuery,
): Promise<WorkflowRecord[]> {
  const limit = Math.min(query.limit ?? 50, context.limits.maxPageSize);
  return requireWorkflows(context).listRuns({ ...query, limit });
}

/** A rule as the API shows it. */
export function describeRule(context: ApiContext, rule: CorrelationRule): Record<string, unknown> {
  if (isCodeRule(rule)) {
    return {
      name: rule.name,
      ...(rule.description ? { description: rule.description } : {}),
      kind: "code",
      stored: false,
      source: rule.source,
      target: rule.target,
      ...(rule.window ? { window: rule.window } : {}),
    };
  }
  return { ...rule, kind: "data", stored: context.config.isStored(rule.name) };
}
