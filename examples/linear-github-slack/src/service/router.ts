import {
  type CorrelationEngine,
  type EventStore,
  errorResponse,
  type HealthStatus,
  NotFoundError,
  type PlatformInterface,
  parseWithSchema,
  ValidationError,
  type WebhookHandler,
  type WorkflowStatus,
} from "@contexten/core";
import type { WorkflowEngine } from "@contexten/workflows";
import { z } from "zod";

/** What the router serves. */
export interface RouterOptions {
  /** One webhook handler per platform. */
  webhooks: Record<"github" | "slack" | "linear", WebhookHandler>;
  /** Lineage queries. */
  engine: CorrelationEngine;
  /** Event reads. */
  store: EventStore;
  /** Platform clients, for the status route. */
  clients: Record<"github" | "slack" | "linear", PlatformInterface>;
  /** The workflow engine: runs to list and read, definitions to trigger. */
  workflows: WorkflowEngine;
  /** Receives unexpected errors (answered 500). */
  onError?: (error: unknown) => void;
}

const API = "/api/v1";
const LINEAGE = /^\/api\/v1\/events\/([^/]+)\/lineage$/;
const EVENT = /^\/api\/v1\/events\/([^/]+)$/;

const RUN = /^\/api\/v1\/workflows\/([^/]+)$/;

/**
 * Body of `POST /api/v1/workflows/trigger` (the specification's `WorkflowTriggerRequest`):
 * the id of a registered workflow definition and its input. The same `idempotencyKey`
 * starts one run however often the request is sent.
 */
export const workflowTriggerSchema = z.object({
  /** A registered definition, e.g. `github-actions-dispatch`. */
  workflowId: z.string().min(1),
  /** The run's input (read by templates as `{{input.x}}`). */
  input: z.record(z.string(), z.unknown()).default({}),
  /** Same key, same run. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** See {@link workflowTriggerSchema}. */
export type WorkflowTriggerRequest = z.output<typeof workflowTriggerSchema>;

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch (error) {
    throw new ValidationError({ message: "The request body must be JSON.", cause: error });
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/**
 * The service's HTTP routes (the specification's REST API):
 *
 * | route | does |
 * |---|---|
 * | `POST /api/v1/integrations/github/webhook` | GitHub webhooks |
 * | `POST /api/v1/integrations/slack/webhook` | Slack Events API, slash commands, interactivity |
 * | `POST /api/v1/integrations/linear/webhook` | Linear webhooks |
 * | `GET /api/v1/integrations/status` | health of each integration |
 * | `POST /api/v1/workflows/trigger` | starts a run of a workflow definition with input (`github-actions-dispatch` runs a GitHub Actions workflow) |
 * | `GET /api/v1/workflows?status=…&definitionId=…` | the service's workflow runs |
 * | `GET /api/v1/workflows/:id` | one run with its steps |
 * | `GET /api/v1/events?key=…&type=…&platform=…&limit=…&cursor=…` | events by correlation key, or a filtered page |
 * | `GET /api/v1/events/:id` | one stored event |
 * | `GET /api/v1/events/:id/lineage?maxDepth=n` | the event's lineage |
 */
export function createRouter(options: RouterOptions): (request: Request) => Promise<Response> {
  const route = routes(options);
  return async (request) => {
    try {
      return await route(request);
    } catch (error) {
      if (ValidationError.isInstance(error)) return errorResponse(400, error.code, error.message);
      if (NotFoundError.isInstance(error)) return errorResponse(404, error.code, error.message);
      options.onError?.(error);
      return errorResponse(
        500,
        "internal_error",
        "The request failed inside the service; see its logs.",
      );
    }
  };
}

function routes(options: RouterOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname, searchParams } = new URL(request.url);
    const webhook = /^\/api\/v1\/integrations\/(github|slack|linear)\/webhook$/.exec(pathname);
    if (webhook) return options.webhooks[webhook[1] as "github" | "slack" | "linear"](request);

    if (pathname === `${API}/workflows/trigger`) {
      if (request.method !== "POST") {
        return errorResponse(405, "method_not_allowed", "Trigger workflows with POST.", {
          allow: "POST",
        });
      }
      const body = parseWithSchema(
        workflowTriggerSchema,
        await readJson(request),
        "workflow trigger request",
      );
      const { run, created } = await options.workflows.trigger(body.workflowId, body.input, {
        ...(body.idempotencyKey ? { idempotencyKey: body.idempotencyKey } : {}),
      });
      return json({ run, created }, created ? 201 : 200);
    }

    if (request.method !== "GET") {
      return errorResponse(
        405,
        "method_not_allowed",
        `${request.method} is not supported on ${pathname}.`,
        {
          allow: "GET",
        },
      );
    }
    if (pathname === `${API}/integrations/status`)
      return json(await integrationStatus(options.clients));

    if (pathname === `${API}/events`) return json(await listEvents(options.store, searchParams));
    if (pathname === `${API}/workflows`) {
      const status = searchParams.getAll("status") as WorkflowStatus[];
      const definitionId = searchParams.get("definitionId");
      return json({
        workflows: await options.workflows.listRuns({
          ...(status.length > 0 ? { status } : {}),
          ...(definitionId ? { definitionId } : {}),
        }),
      });
    }
    const run = RUN.exec(pathname);
    if (run) {
      const id = decodeURIComponent(run[1]!);
      const found = await options.workflows.getRun(id);
      if (!found) throw new NotFoundError({ entity: "workflow run", id });
      return json(found);
    }

    const lineage = LINEAGE.exec(pathname);
    if (lineage) {
      const depth = searchParams.get("maxDepth");
      const result = await options.engine.getEventLineage(decodeURIComponent(lineage[1]!), {
        ...(depth ? { maxDepth: Number(depth) } : {}),
      });
      return json(result);
    }
    const single = EVENT.exec(pathname);
    if (single) {
      const event = await options.store.get(decodeURIComponent(single[1]!));
      return event
        ? json(event)
        : errorResponse(404, "not_found", `No event with id ${JSON.stringify(single[1])}.`);
    }
    return errorResponse(404, "not_found", `No route for ${request.method} ${pathname}.`);
  };
}

/** Health of every integration; one failing check does not hide the others. */
async function integrationStatus(
  clients: RouterOptions["clients"],
): Promise<{ status: HealthStatus["status"]; integrations: Record<string, HealthStatus> }> {
  const entries = await Promise.all(
    Object.entries(clients).map(async ([platform, client]): Promise<[string, HealthStatus]> => {
      try {
        return [platform, await client.getHealthStatus()];
      } catch (error) {
        return [
          platform,
          {
            platform,
            status: "unhealthy",
            checkedAt: new Date(),
            message: error instanceof Error ? error.message : String(error),
            rateLimits: {},
            details: {},
          },
        ];
      }
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

/** `?key=` finds events by correlation key (either side); otherwise a filtered, paginated listing. */
async function listEvents(store: EventStore, params: URLSearchParams): Promise<unknown> {
  const keys = params.getAll("key");
  const limit = params.has("limit") ? Number(params.get("limit")) : undefined;
  if (keys.length > 0) {
    return { events: await store.findByKeys(keys, { ...(limit ? { limit } : {}) }) };
  }
  const types = params.getAll("type");
  const platforms = params.getAll("platform");
  const order = params.get("order");
  return store.query({
    ...(types.length > 0 ? { type: types } : {}),
    ...(platforms.length > 0 ? { platform: platforms } : {}),
    ...(params.get("correlationId") ? { correlationId: params.get("correlationId")! } : {}),
    ...(params.get("cursor") ? { cursor: params.get("cursor")! } : {}),
    ...(order === "oldest" || order === "newest" ? { order } : {}),
    ...(limit ? { limit } : {}),
  });
}
