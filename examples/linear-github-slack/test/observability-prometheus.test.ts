import { createPrometheusInstrumentation } from "@contexten/prometheus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoEnvironment, startDemoEnvironment } from "../src/demo/demo-environment";
import { replayScenario } from "../src/demo/replay-scenario";
import { createDemoScenario } from "../src/demo/scenario";
import {
  eventually,
  type PrometheusServer,
  startPrometheus,
} from "./observability/prometheus-server";

/** What the demo story must leave in each standard metric, per label set. */
const EXPECTED: Record<string, Array<[Record<string, string>, number]>> = {
  webhook_events_total: [
    [{ platform: "linear", event_type: "Issue" }, 2],
    [{ platform: "github", event_type: "create" }, 1],
    [{ platform: "github", event_type: "push" }, 1],
    [{ platform: "github", event_type: "pull_request" }, 2],
    [{ platform: "github", event_type: "check_run" }, 1],
    [{ platform: "github", event_type: "pull_request_review" }, 1],
    [{ platform: "slack", event_type: "message" }, 2],
  ],
  correlation_matches_total: [
    [{ rule_name: "linear_issue_to_github_pr" }, 2],
    [{ rule_name: "linear_issue_to_github_branch" }, 2],
    [{ rule_name: "github_push_to_pr" }, 2],
    [{ rule_name: "github_pr_to_ci_run" }, 1],
    [{ rule_name: "github_pr_to_slack_message" }, 1],
  ],
  workflow_executions_total: [
    [{ workflow_name: "Linked pull request", status: "running" }, 1],
    [{ workflow_name: "Linked pull request", status: "completed" }, 1],
  ],
  api_requests_total: [
    // The PR notification and the merge's thread reply; the notification's update.
    [{ platform: "slack", endpoint: "chat.postMessage" }, 2],
    [{ platform: "slack", endpoint: "chat.update" }, 1],
    [{ platform: "linear", endpoint: "graphql attachmentLinkGitHubPR" }, 1],
    [{ platform: "github", endpoint: "GET /repos/acme/api/pulls/{id}/reviews" }, 1],
    // The notification router's read of the PR's code owners.
    [{ platform: "github", endpoint: "GET /repos/acme/api/pulls/{id}/files" }, 1],
  ],
  api_request_duration_seconds_count: [
    [{ platform: "slack" }, 4],
    [{ platform: "linear" }, 1],
    [{ platform: "github" }, 4],
  ],
};

function sampleValue(
  samples: Array<{ labels: Record<string, string>; value: number }>,
  labels: Record<string, string>,
): number | undefined {
  return samples.find((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name] === value),
  )?.value;
}

describe("Prometheus scraping the example service while the demo story replays", () => {
  let environment: DemoEnvironment;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    environment = await startDemoEnvironment({ metrics: createPrometheusInstrumentation() });
    prometheus = await startPrometheus({ target: new URL(environment.baseUrl).host });
  });

  afterAll(async () => {
    await prometheus?.close();
    await environment?.close();
  });

  it("returns the expected counter values for every metric and label set", async () => {
    // Prometheus is up and scraping before the story starts.
    await eventually(
      async () => {
        const [up] = await prometheus.query('up{job="contexten"}');
        return up?.value === 1 ? true : undefined;
      },
      30_000,
      "the first successful scrape",
    );
    await replayScenario(environment, createDemoScenario());

    for (const [metric, expectations] of Object.entries(EXPECTED)) {
      // Scrapes happen every second: wait until one taken after the story shows it all.
      const samples = await eventually(
        async () => {
          const result = await prometheus.query(metric);
          return expectations.every(([labels, value]) => sampleValue(result, labels) === value)
            ? result
            : undefined;
        },
        30_000,
        `${metric} in Prometheus`,
      ).catch(async (error: unknown) => {
        // Show what Prometheus holds, so a failure says which value differs.
        expect(await prometheus.query(metric)).toEqual(expectations);
        throw error;
      });
      for (const [labels, value] of expectations) {
        expect(
          sampleValue(samples, { ...labels, job: "contexten" }),
          `${metric} ${JSON.stringify(labels)}`,
        ).toBe(value);
      }
    }
    // Queue depth and ack latency are scraped too.
    const pending = await prometheus.query("contexten_webhook_pending_work");
    expect(pending.map((sample) => sample.labels.handler).sort()).toEqual([
      "github",
      "linear",
      "slack",
    ]);
    const acks = await prometheus.query(
      'contexten_webhook_ack_duration_seconds_count{platform="github",outcome="processed"}',
    );
    expect(acks[0]?.value).toBe(6);
  });
});
