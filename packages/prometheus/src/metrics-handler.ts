import { type NodeListener, toNodeListener } from "@contexten/core";
import { errorResponse } from "@contexten/core/adapter";
import type { Registry } from "prom-client";

/** A `GET /metrics` endpoint: Fetch-style, with its `node:http` listener. */
export interface MetricsHandler {
  /** Answers any GET or HEAD with the registry's metrics; other methods get 405. */
  (request: Request): Promise<Response>;
  /** The same for `node:http` (`createServer(handler.listener)`). */
  readonly listener: NodeListener;
}

/**
 * Serves a registry in Prometheus' text format. Mount it at `/metrics` in any framework
 * that speaks Fetch (Hono, Next.js route handlers) or use `.listener` with `node:http`.
 */
export function createMetricsHandler(source: { registry: Registry } | Registry): MetricsHandler {
  const registry = "registry" in source ? source.registry : source;
  const handler = (async (request: Request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse(405, "method_not_allowed", "Read metrics with GET.", {
        allow: "GET, HEAD",
      });
    }
    const body = await registry.metrics();
    return new Response(request.method === "HEAD" ? null : body, {
      status: 200,
      headers: { "content-type": registry.contentType, "cache-control": "no-store" },
    });
  }) as MetricsHandler;
  Object.defineProperty(handler, "listener", { value: toNodeListener(handler) });
  return handler;
}
