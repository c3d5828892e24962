import {
  type CorrelationEngine,
  combineInstrumentation,
  type EventBus,
  type EventStore,
  type Instrumentation,
  type WebhookHandler,
} from "@contexten/core";
import { createLineagePage } from "@contexten/lineage-page";
import { createMetricsHandler, type PrometheusInstrumentation } from "@contexten/prometheus";
import type { WorkflowEngine } from "@contexten/workflows";

/** Where the page and the metrics are served. */
export const OBSERVABILITY_PATHS = { metrics: "/metrics", lineage: "/lineage" } as const;

/** Adds the Prometheus metrics (when given) to the service's instrumentation. */
export function withMetricsInstrumentation<
  Options extends { instrumentation?: Instrumentation; metrics?: PrometheusInstrumentation },
>(options: Options): Options {
  if (!options.metrics) return options;
  return {
    ...options,
    instrumentation: options.instrumentation
      ? combineInstrumentation(options.instrumentation, options.metrics)
      : options.metrics,
  };
}

/**
 * Serves `/metrics` (when the service has Prometheus metrics) and the lineage page at
 * `/lineage/` in front of the service's routes, and exports the webhook handlers'
 * post-ack queue depth.
 */
export function mountObservability(
  parts: {
    metrics?: PrometheusInstrumentation | undefined;
    store: EventStore;
    engine: CorrelationEngine;
    workflows: WorkflowEngine;
    bus: EventBus;
    webhooks: Record<string, WebhookHandler>;
  },
  routes: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const metrics = parts.metrics ? createMetricsHandler(parts.metrics) : undefined;
  for (const [platform, handler] of Object.entries(parts.webhooks)) {
    parts.metrics?.observePendingWork(platform, () => handler.pending);
  }
  const lineage = createLineagePage({
    store: parts.store,
    engine: parts.engine,
    workflows: parts.workflows,
    bus: parts.bus,
    basePath: OBSERVABILITY_PATHS.lineage,
  });
  return (request) => {
    const { pathname } = new URL(request.url);
    if (metrics && pathname === OBSERVABILITY_PATHS.metrics) return metrics(request);
    if (
      pathname === OBSERVABILITY_PATHS.lineage ||
      pathname.startsWith(`${OBSERVABILITY_PATHS.lineage}/`)
    ) {
      return lineage(request);
    }
    return routes(request);
  };
}
