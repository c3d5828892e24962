import type { IncomingMessage, Server, ServerResponse } from "node:http";
import {
  ContextenError,
  type CorrelationEngine,
  NotFoundError,
  ValidationError,
} from "@contexten/core";
import { errorResponse } from "@contexten/core/adapter";
import { getRequestListener } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ApiContext, ApiEnv } from "./api-context";
import type { ContextenApiOptions } from "./api-options";
import { createBearerAuthenticator } from "./auth/bearer-auth";
import { MemoryApiConfigStore } from "./config/api-config-store";
import { RuntimeConfig } from "./config/runtime-config";
import { createGraphQL, GRAPHQL_PATH } from "./graphql/create-graphql";
import { attachGraphQLWebSocket, type GraphQLWebSocket } from "./graphql/graphql-websocket";
import { LiveFeed } from "./live/live-feed";
import { createMemoryLiveTransport } from "./live/live-transport";
import { addRestRoutes } from "./rest/rest-routes";

/** Where the REST routes live. */
export const API_BASE_PATH = "/api/v1";

/** A mounted API. */
export interface ContextenApi {
  /** Fetch handler for every route: mount it in Node (`toNodeListener`), Hono, Express, Fastify or a Next.js route handler. */
  fetch(request: Request): Promise<Response>;
  /**
   * The same for `node:http` (and Express or Fastify's raw request/response), streaming
   * answers as they are produced, which Server-Sent Events subscriptions need.
   */
  listener(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** The OpenAPI 3.1 document served at `/api/v1/openapi.json`. */
  openApiDocument(): Record<string, unknown>;
  /**
   * Loads stored rules and settings and starts receiving live notices. The first request
   * calls it too; call it at startup to apply stored rules before webhooks arrive.
   */
  start(): Promise<void>;
  /**
   * Serves GraphQL subscriptions over WebSocket (graphql-ws) on a Node server at `/graphql`.
   * SSE needs nothing extra: it runs through {@link ContextenApi.fetch}.
   */
  attachWebSocket(server: Server): GraphQLWebSocket;
  /** Stops live notices and closes WebSocket endpoints opened by {@link ContextenApi.attachWebSocket}. */
  close(): Promise<void>;
}

/**
 * Creates contexten's HTTP API as one Fetch handler:
 *
 * - REST under `/api/v1` (events, lineage, workflows, correlation rules, integration status
 *   and the platforms' webhook routes), documented at `/api/v1/openapi.json`;
 * - GraphQL at `/graphql` (queries, mutations, subscriptions over SSE here and over
 *   WebSocket with {@link ContextenApi.attachWebSocket});
 * - bearer tokens with scopes on everything except webhooks (which keep their platform
 *   signatures) and the OpenAPI document.
 */
export function createContextenApi(options: ContextenApiOptions): ContextenApi {
  const auth = createBearerAuthenticator(options.auth);
  const report = options.onError ?? ((error: unknown) => console.error("[contexten/api]", error));
  const transport = options.live ?? createMemoryLiveTransport();
  const integrations = options.integrations ?? {};
  const limits = {
    maxPageSize: options.limits?.maxPageSize ?? 200,
    maxLineageDepth: options.limits?.maxLineageDepth ?? 10,
    graphqlMaxDepth: options.limits?.graphqlMaxDepth ?? 10,
    graphqlMaxCost: options.limits?.graphqlMaxCost ?? 5000,
    maxBodyBytes: options.limits?.maxBodyBytes ?? 1024 * 1024,
  };
  const live = new LiveFeed({ transport, store: options.store, report });
  const config = new RuntimeConfig({
    store: options.config ?? new MemoryApiConfigStore(),
    engine: options.engine as CorrelationEngine,
    transport,
    report,
  });
  if (options.bus) live.attach(options.bus);
  const context: ApiContext = {
    store: options.store,
    engine: options.engine,
    workflows: options.workflows,
    integrations,
    config,
    live,
    limits,
  };

  let started: Promise<void> | undefined;
  const start = (): Promise<void> => {
    started ??= (async () => {
      await live.start(() => {
        config.reload().catch(report);
      });
      await config.reload();
    })().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    return started;
  };

  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues
          .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
          .join("; ");
        return c.json(
          { error: { code: "validation_failed", message: `Invalid ${result.target}: ${issues}` } },
          400,
        );
      }
    },
  });

  app.onError((error, c) => toErrorResponse(error, c, report));
  app.notFound((c) =>
    errorResponse(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );
  if (options.cors) {
    const origin = options.cors.origin;
    app.use(
      "*",
      cors({
        origin: typeof origin === "string" ? origin : [...origin],
        allowHeaders: ["Authorization", "Content-Type"],
        allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
        maxAge: options.cors.maxAgeSeconds ?? 600,
      }),
    );
  }
  // Webhooks must keep being acknowledged even when the live transport or the config store
  // is unreachable: they only nudge the start; every other route waits for it.
  const webhookPath = new RegExp(`^${API_BASE_PATH}/integrations/[^/]+/webhook$`);
  app.use("*", async (c, next) => {
    if (webhookPath.test(c.req.path)) start().catch(report);
    else await start();
    await next();
  });

  // Webhooks keep their platform signatures and the platform's own size limits.
  app.all(`${API_BASE_PATH}/integrations/:platform/webhook`, async (c) => {
    const platform = c.req.param("platform");
    const handler = integrations[platform]?.webhook;
    if (!handler) throw new NotFoundError({ entity: "integration", id: platform });
    if (!config.settings(platform).webhooksEnabled) {
      return errorResponse(
        503,
        "integration_paused",
        `Webhook intake for ${platform} is paused; retry later.`,
        {
          "retry-after": "60",
        },
      );
    }
    return handler(c.req.raw);
  });

  app.doc31(`${API_BASE_PATH}/openapi.json`, openApiInfo);

  const requireCaller = async (c: Context<ApiEnv>, next: () => Promise<void>) => {
    if (c.req.method === "OPTIONS") return next();
    const caller = auth.authenticate(c.req.header("authorization"));
    if (!caller) {
      return errorResponse(
        401,
        "unauthorized",
        "Send Authorization: Bearer <token> with a configured API token.",
        {
          "www-authenticate": 'Bearer realm="contexten"',
        },
      );
    }
    c.set("caller", caller);
    return next();
  };
  app.use(`${API_BASE_PATH}/*`, requireCaller);
  app.use(GRAPHQL_PATH, requireCaller);
  app.use(
    `${API_BASE_PATH}/*`,
    bodyLimit({ maxSize: limits.maxBodyBytes, onError: tooLarge(limits.maxBodyBytes) }),
  );
  app.use(
    GRAPHQL_PATH,
    bodyLimit({ maxSize: limits.maxBodyBytes, onError: tooLarge(limits.maxBodyBytes) }),
  );

  addRestRoutes(app, context);

  const yoga = createGraphQL(context, report);
  app.on(["GET", "POST"], GRAPHQL_PATH, (c) => yoga.fetch(c.req.raw, { caller: c.var.caller }));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
  });

  const sockets: GraphQLWebSocket[] = [];
  const fetch = async (request: Request): Promise<Response> => app.fetch(request);
  return {
    fetch,
    // @hono/node-server hands over a lazy stand-in for `Request`; middleware that clones
    // requests (the body limit) needs a real one.
    listener: getRequestListener(
      (request) =>
        fetch(
          new Request(request.url, {
            method: request.method,
            headers: request.headers,
            signal: request.signal,
            ...(request.method === "GET" || request.method === "HEAD"
              ? {}
              : { body: request.body, duplex: "half" }),
          } as RequestInit),
        ),
      { overrideGlobalObjects: false },
    ),
    openApiDocument: () =>
      app.getOpenAPI31Document(openApiInfo) as unknown as Record<string, unknown>,
    start,
    attachWebSocket(server) {
      const socket = attachGraphQLWebSocket(server, GRAPHQL_PATH, yoga, auth);
      sockets.push(socket);
      // Subscriptions need live notices even before the first HTTP request.
      start().catch(report);
      return socket;
    },
    async close() {
      live.stop();
      await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    },
  };
}

const openApiInfo = {
  openapi: "3.1.0",
  info: {
    title: "contexten API",
    version: "1",
    description:
      "Events, lineage, workflows and correlation rules. Send `Authorization: Bearer <token>`; GET routes need the `read` scope, workflow triggers and cancels `write`, correlation rules `admin`.",
  },
};

function tooLarge(max: number) {
  return async (c: Context) => {
    // Read (and drop) a moderately oversized body, so the client, still sending, can read
    // the 413 and keep its connection; past 8× the limit, close instead.
    const closing = await drain(c.req.raw.body, max * 8);
    return errorResponse(413, "payload_too_large", `Request bodies are limited to ${max} bytes.`, {
      ...(closing ? { connection: "close" } : {}),
    });
  };
}

async function drain(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (!body || body.locked) return false;
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel();
        return true;
      }
    }
  } catch {
    return true;
  }
}

function toErrorResponse(error: unknown, _c: Context, report: (error: unknown) => void): Response {
  if (error instanceof HTTPException) {
    // Hono's own 4xx (e.g. malformed JSON); its message is written for clients.
    return errorResponse(
      error.status,
      error.status === 400 ? "validation_failed" : "http_error",
      error.message,
    );
  }
  if (ValidationError.isInstance(error)) return errorResponse(400, error.code, error.message);
  if (NotFoundError.isInstance(error)) return errorResponse(404, error.code, error.message);
  if (ContextenError.isInstance(error) && error.code === "forbidden") {
    return errorResponse(403, error.code, error.message);
  }
  report(error);
  return errorResponse(
    500,
    "internal_error",
    "The request failed inside the service; see its logs.",
  );
}
