import type {
  ApiRequestInfo,
  CorrelationMatchInfo,
  ErrorInfo,
  Instrumentation,
  RateLimiter,
  RateLimitWaitInfo,
  WebhookEventInfo,
  WorkflowExecutionInfo,
} from "@contexten/core";
import { ConfigurationError } from "@contexten/core";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { BoundedLabel, templateEndpoint } from "./bounded-labels";
import type {
  ObservedRateLimitResource,
  PrometheusInstrumentationOptions,
} from "./prometheus-instrumentation-options";

/** An `Instrumentation` that records into a prom-client `Registry`. */
export interface PrometheusInstrumentation extends Instrumentation {
  /** The registry the metrics live in (serve it with `createMetricsHandler`). */
  readonly registry: Registry;
  /**
   * Exports `read()` as the post-ack queue depth of `name` at every scrape, e.g.
   * `observePendingWork("github", () => githubHandler.pending)`.
   */
  observePendingWork(name: string, read: () => number): void;
  /** Exports the remaining budget of each resource at every scrape. */
  observeRateLimits(
    limiter: Pick<RateLimiter, "getRemaining">,
    resources: readonly ObservedRateLimitResource[],
  ): void;
  /** The registry's metrics in Prometheus' text format. */
  metrics(): Promise<string>;
}

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates Prometheus metrics for contexten's instrumentation hooks:
 *
 * | metric | labels | counts |
 * |---|---|---|
 * | `api_requests_total` | `platform`, `endpoint` (route template) | outbound API requests |
 * | `api_request_duration_seconds` | `platform` | their duration, retries included |
 * | `webhook_events_total` | `platform`, `event_type` | webhook deliveries handled, any outcome |
 * | `correlation_matches_total` | `rule_name` | links made by correlation rules |
 * | `workflow_executions_total` | `workflow_name`, `status` | workflow run state changes |
 * | `contexten_webhook_ack_duration_seconds` | `platform`, `outcome` | time to acknowledge a delivery |
 * | `contexten_webhook_pending_work` | `handler` | post-ack work waiting or running |
 * | `contexten_rate_limit_waits_total`, `_wait_seconds` | `platform`, `resource`, `reason` | waits for budget |
 * | `contexten_rate_limit_remaining` | `platform`, `resource` | budget left |
 * | `contexten_workflow_step_executions_total` | `workflow_name`, `status` | workflow step state changes |
 * | `contexten_store_errors_total` | `phase` | storage failures with no caller to throw to |
 * | `contexten_errors_total` | `phase` | every such failure |
 *
 * Every label value passes a per-label limit (`maxLabelValues`), so no input can make
 * the number of series grow without bound.
 */
export function createPrometheusInstrumentation(
  options: PrometheusInstrumentationOptions = {},
): PrometheusInstrumentation {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? "contexten_";
  const limit = options.maxLabelValues ?? 100;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConfigurationError({
      message: `maxLabelValues must be a positive integer; got ${String(limit)}.`,
    });
  }
  const buckets = [...(options.durationBuckets ?? DEFAULT_BUCKETS)];
  if (options.collectDefaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const bounded = new Map<string, BoundedLabel>();
  const label = (metric: string, name: string, value: string | undefined): string => {
    const key = `${metric}\u0000${name}`;
    let entry = bounded.get(key);
    if (!entry) {
      entry = new BoundedLabel(limit);
      bounded.set(key, entry);
    }
    return entry.admit(value);
  };

  const apiRequests = new Counter({
    name: "api_requests_total",
    help: "Outbound API requests by platform and endpoint (route template).",
    labelNames: ["platform", "endpoint"] as const,
    registers,
  });
  const apiDuration = new Histogram({
    name: "api_request_duration_seconds",
    help: "Duration of outbound API requests, retries included.",
    labelNames: ["platform"] as const,
    buckets,
    registers,
  });
  const webhookEvents = new Counter({
    name: "webhook_events_total",
    help: "Webhook deliveries handled, by platform and platform event type (any outcome).",
    labelNames: ["platform", "event_type"] as const,
    registers,
  });
  const correlationMatches = new Counter({
    name: "correlation_matches_total",
    help: "Links made between events, by correlation rule.",
    labelNames: ["rule_name"] as const,
    registers,
  });
  const workflowExecutions = new Counter({
    name: "workflow_executions_total",
    help: "Workflow run state changes, by workflow name and new status.",
    labelNames: ["workflow_name", "status"] as const,
    registers,
  });
  const stepExecutions = new Counter({
    name: `${prefix}workflow_step_executions_total`,
    help: "Workflow step state changes, by workflow name and new status.",
    labelNames: ["workflow_name", "status"] as const,
    registers,
  });
  const ackDuration = new Histogram({
    name: `${prefix}webhook_ack_duration_seconds`,
    help: "Time from receiving a webhook to answering it, by platform and outcome.",
    labelNames: ["platform", "outcome"] as const,
    buckets,
    registers,
  });
  const rateLimitWaits = new Counter({
    name: `${prefix}rate_limit_waits_total`,
    help: "Requests that waited for rate-limit budget.",
    labelNames: ["platform", "resource", "reason"] as const,
    registers,
  });
  const rateLimitWaitSeconds = new Counter({
    name: `${prefix}rate_limit_wait_seconds_total`,
    help: "Time spent waiting for rate-limit budget.",
    labelNames: ["platform", "resource", "reason"] as const,
    registers,
  });
  const storeErrors = new Counter({
    name: `${prefix}store_errors_total`,
    help: "Storage failures that had no caller to throw to, by phase.",
    labelNames: ["phase"] as const,
    registers,
  });
  const errors = new Counter({
    name: `${prefix}errors_total`,
    help: "Failures that had no caller to throw to, by phase.",
    labelNames: ["phase"] as const,
    registers,
  });

  const pendingReaders = new Map<string, () => number>();
  new Gauge({
    name: `${prefix}webhook_pending_work`,
    help: "Post-ack work (correlation, workflows) waiting or running, by handler.",
    labelNames: ["handler"] as const,
    registers,
    collect() {
      for (const [name, read] of pendingReaders) {
        try {
          this.set({ handler: name }, read());
        } catch {
          // A reader that throws must not fail the scrape.
        }
      }
    },
  });
  const observedLimits: Array<{
    limiter: Pick<RateLimiter, "getRemaining">;
    resources: readonly ObservedRateLimitResource[];
  }> = [];
  new Gauge({
    name: `${prefix}rate_limit_remaining`,
    help: "Rate-limit budget left in each resource's primary bucket.",
    labelNames: ["platform", "resource"] as const,
    registers,
    async collect() {
      for (const { limiter, resources } of observedLimits) {
        for (const { platform, resource } of resources) {
          try {
            const status = await limiter.getRemaining(platform, resource);
            this.set({ platform, resource }, status.remaining);
          } catch {
            // An unreachable rate-limit backend must not fail the scrape.
          }
        }
      }
    },
  });

  return {
    registry,
    onApiRequest(info: ApiRequestInfo) {
      const platform = label("api", "platform", info.platform);
      apiRequests.inc({
        platform,
        endpoint: label("api", "endpoint", templateEndpoint(info.endpoint)),
      });
      apiDuration.observe({ platform }, info.durationMs / 1000);
    },
    onWebhookEvent(info: WebhookEventInfo) {
      const platform = label("webhook", "platform", info.platform);
      webhookEvents.inc({
        platform,
        event_type: label("webhook", "event_type", info.eventName),
      });
      ackDuration.observe({ platform, outcome: info.outcome }, info.durationMs / 1000);
    },
    onCorrelationMatch(info: CorrelationMatchInfo) {
      correlationMatches.inc({ rule_name: label("correlation", "rule_name", info.rule) });
    },
    onWorkflowExecution(info: WorkflowExecutionInfo) {
      const labels = {
        workflow_name: label("workflow", "workflow_name", info.name),
        status: label("workflow", "status", info.status),
      };
      if (info.stepId === undefined) workflowExecutions.inc(labels);
      else stepExecutions.inc(labels);
    },
    onRateLimitWait(info: RateLimitWaitInfo) {
      // Per-channel resources (`chat.postMessage:C123`) are counted under their method.
      const labels = {
        platform: label("rate_limit", "platform", info.platform),
        resource: label("rate_limit", "resource", info.resource.split(":")[0]),
        reason: info.reason,
      };
      rateLimitWaits.inc(labels);
      rateLimitWaitSeconds.inc(labels, info.waitMs / 1000);
    },
    onError(info: ErrorInfo) {
      const phase = label("error", "phase", info.phase);
      errors.inc({ phase });
      if (info.phase.includes("store")) storeErrors.inc({ phase });
    },
    observePendingWork(name, read) {
      pendingReaders.set(name, read);
    },
    observeRateLimits(limiter, resources) {
      observedLimits.push({ limiter, resources: [...resources] });
    },
    metrics: () => registry.metrics(),
  };
}
