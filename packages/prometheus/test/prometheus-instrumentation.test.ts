import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { combineInstrumentation } from "@contexten/core";
import { emitInstrumentation } from "@contexten/core/adapter";
import { register as globalRegistry, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import {
  createMetricsHandler,
  createPrometheusInstrumentation,
  OVERFLOW_LABEL_VALUE,
  templateEndpoint,
} from "../src/index";

async function seriesOf(registry: Registry, name: string) {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return (metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number }>;
}

describe("createPrometheusInstrumentation", () => {
  it("records the five standard metrics under their names and labels", async () => {
    const metrics = createPrometheusInstrumentation();
    const hooks = combineInstrumentation(metrics);
    emitInstrumentation(hooks, "onApiRequest", {
      platform: "github",
      method: "GET",
      endpoint: "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      status: 200,
      durationMs: 120,
      cached: false,
      attempt: 1,
    });
    emitInstrumentation(hooks, "onWebhookEvent", {
      platform: "github",
      eventName: "pull_request",
      deliveryId: "d1",
      outcome: "processed",
      status: 200,
      durationMs: 4,
      eventCount: 1,
    });
    emitInstrumentation(hooks, "onCorrelationMatch", {
      rule: "linear-issue-pr",
      sourceEventId: "a",
      targetEventId: "b",
      strength: 0.9,
    });
    emitInstrumentation(hooks, "onWorkflowExecution", {
      workflowId: "r1",
      name: "linked-pull-request",
      status: "completed",
      durationMs: 30,
    });
    emitInstrumentation(hooks, "onWorkflowExecution", {
      workflowId: "r1",
      name: "linked-pull-request",
      status: "completed",
      durationMs: 30,
      stepId: "notify",
    });
    const text = await metrics.metrics();
    expect(text).toContain(
      'api_requests_total{platform="github",endpoint="GET /repos/{owner}/{repo}/pulls/{pull_number}"} 1',
    );
    expect(text).toContain('api_request_duration_seconds_sum{platform="github"} 0.12');
    expect(text).toContain('webhook_events_total{platform="github",event_type="pull_request"} 1');
    expect(text).toContain('correlation_matches_total{rule_name="linear-issue-pr"} 1');
    expect(text).toContain(
      'workflow_executions_total{workflow_name="linked-pull-request",status="completed"} 1',
    );
    expect(text).toContain(
      'contexten_workflow_step_executions_total{workflow_name="linked-pull-request",status="completed"} 1',
    );
    expect(text).toContain(
      'contexten_webhook_ack_duration_seconds_count{platform="github",outcome="processed"} 1',
    );
  });

  it("keeps 10,000 distinct repository URLs to a bounded number of series", async () => {
    const metrics = createPrometheusInstrumentation({ maxLabelValues: 50 });
    for (let index = 0; index < 10_000; index += 1) {
      metrics.onApiRequest?.({
        platform: "github",
        method: "GET",
        endpoint: `GET https://api.github.com/repos/org-${index}/repo-${index}/pulls/${index}?page=${index}`,
        status: 200,
        durationMs: 1,
        cached: false,
        attempt: 1,
      });
    }
    const series = await seriesOf(metrics.registry, "api_requests_total");
    expect(series.length).toBeLessThanOrEqual(51);
    expect(series.find((entry) => entry.labels.endpoint === OVERFLOW_LABEL_VALUE)?.value).toBe(
      10_000 - 50,
    );
    expect(series.reduce((sum, entry) => sum + entry.value, 0)).toBe(10_000);
    // The first ones keep their (templated) names: no query, ids replaced.
    expect(series[0]?.labels.endpoint).toBe("GET /repos/org-0/repo-0/pulls/{id}");
  });

  it("collapses ids into route templates", () => {
    expect(templateEndpoint("GET /repos/acme/api/pulls/42")).toBe("GET /repos/acme/api/pulls/{id}");
    expect(templateEndpoint("https://api.linear.app/issues/ENG-123?x=1#y")).toBe("/issues/{id}");
    expect(
      templateEndpoint("POST /repos/acme/api/statuses/3f786850e387550fdab836ed7e6dc881de23001b"),
    ).toBe("POST /repos/acme/api/statuses/{id}");
    expect(templateEndpoint("chat.postMessage")).toBe("chat.postMessage");
  });

  it("uses its own registry unless given one, and never the global one", async () => {
    const before = (await globalRegistry.getMetricsAsJSON()).length;
    const own = createPrometheusInstrumentation();
    const injected = new Registry();
    const shared = createPrometheusInstrumentation({ registry: injected });
    expect(own.registry).not.toBe(globalRegistry);
    expect(shared.registry).toBe(injected);
    expect((await globalRegistry.getMetricsAsJSON()).length).toBe(before);
    expect(await seriesOf(injected, "webhook_events_total")).toEqual([]);
    expect(() => createPrometheusInstrumentation({ maxLabelValues: 0 })).toThrow(/maxLabelValues/);
  });

  it("exports queue depth, remaining budget, waits and store errors", async () => {
    const metrics = createPrometheusInstrumentation();
    let pending = 3;
    metrics.observePendingWork("github", () => pending);
    metrics.observeRateLimits(
      {
        getRemaining: async (platform, resource) => ({
          platform,
          resource,
          remaining: 4321,
          resetAt: undefined,
          blockedUntil: undefined,
          buckets: [],
        }),
      },
      [{ platform: "github", resource: "core" }],
    );
    metrics.onRateLimitWait?.({
      platform: "slack",
      resource: "chat.postMessage:C123",
      waitMs: 1500,
      reason: "budget",
    });
    metrics.onError?.({ phase: "webhook.store", error: new Error("down") });
    metrics.onError?.({ phase: "correlation", error: new Error("bug") });
    let text = await metrics.metrics();
    expect(text).toContain('contexten_webhook_pending_work{handler="github"} 3');
    expect(text).toContain(
      'contexten_rate_limit_remaining{platform="github",resource="core"} 4321',
    );
    expect(text).toContain(
      'contexten_rate_limit_wait_seconds_total{platform="slack",resource="chat.postMessage",reason="budget"} 1.5',
    );
    expect(text).toContain('contexten_store_errors_total{phase="webhook.store"} 1');
    expect(text).not.toContain('contexten_store_errors_total{phase="correlation"}');
    expect(text).toContain('contexten_errors_total{phase="correlation"} 1');
    pending = 0;
    text = await metrics.metrics();
    expect(text).toContain('contexten_webhook_pending_work{handler="github"} 0');
  });
});

describe("createMetricsHandler", () => {
  it("serves the registry over Fetch and node:http", async () => {
    const metrics = createPrometheusInstrumentation();
    metrics.onCorrelationMatch?.({
      rule: "pr-ci",
      sourceEventId: "a",
      targetEventId: "b",
      strength: 1,
    });
    const handler = createMetricsHandler(metrics);
    const viaFetch = await handler(new Request("http://127.0.0.1/metrics"));
    expect(viaFetch.status).toBe(200);
    expect(viaFetch.headers.get("content-type")).toContain("text/plain");
    expect(await viaFetch.text()).toContain('correlation_matches_total{rule_name="pr-ci"} 1');
    expect(
      (await handler(new Request("http://127.0.0.1/metrics", { method: "POST" }))).status,
    ).toBe(405);

    const server = createServer((request, response) => void handler.listener(request, response));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('correlation_matches_total{rule_name="pr-ci"} 1');
    } finally {
      server.close();
    }
  });
});
