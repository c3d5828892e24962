import { type CorrelatedEvent, MemoryEventStore } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { examplesOf } from "../__fixtures__/webhook-examples";
import { startFakeGitHubServer } from "../testing/fake-github/start-fake-github-server";
import { createGitHubWebhookRequest } from "../testing/github-webhook-request";
import {
  createGitHubIntegration,
  type GitHubEventOutcome,
  GitHubIntegration,
} from "./github-integration";

const secret = "processor-secret";
const request = (event: string, deliveryId: string, payload = examplesOf(event)[0]) =>
  createGitHubWebhookRequest({ secret, event, payload, deliveryId });

describe("GitHubIntegration", () => {
  it("processWebhook returns the result once correlation and handlers are done", async () => {
    const processor = new GitHubIntegration({ secret });
    const handled: string[] = [];
    processor.on("push", ({ id }) => {
      handled.push(id);
    });
    const result = await processor.processWebhook(await request("push", "p-1"));
    expect(result).toMatchObject({
      status: "processed",
      platform: "github",
      eventName: "push",
      httpStatus: 200,
    });
    expect(handled).toEqual(["p-1"]);
    const stored = await processor.store.get(result.eventIds[0]!);
    expect(stored?.correlationId).toBeTruthy();

    const again = await processor.processWebhook(await request("push", "p-1"));
    expect(again.status).toBe("duplicate");
    expect(handled).toEqual(["p-1"]);
  });

  it("routes events to the family handlers, which subclasses may override", async () => {
    const routed: string[] = [];
    class Tracking extends GitHubIntegration {
      override handlePullRequestEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
        routed.push(`pr ${event.type}`);
        return super.handlePullRequestEvent(event);
      }
      override handlePushEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
        routed.push(`push ${event.type}`);
        return super.handlePushEvent(event);
      }
      override handleWorkflowRunEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
        routed.push(`workflow ${event.type}`);
        return super.handleWorkflowRunEvent(event);
      }
      override handleOtherEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
        routed.push(`other ${event.type}`);
        return super.handleOtherEvent(event);
      }
    }
    const processor = new Tracking({ secret, engine: false });
    const opened = examplesOf("pull_request").find((payload) => payload.action === "opened");
    await processor.processWebhook(await request("pull_request", "a", opened));
    await processor.processWebhook(await request("push", "b"));
    await processor.processWebhook(await request("workflow_run", "c"));
    await processor.processWebhook(await request("star", "d"));
    expect(routed).toEqual([
      "pr github.pull_request.opened",
      "push github.push",
      `workflow github.workflow_run.${examplesOf("workflow_run")[0]!.action}`,
      `other github.star.${examplesOf("star")[0]!.action}`,
    ]);
    expect(processor.engine).toBeUndefined();
  });

  it("serves HTTP through fetch and rejects a bad signature without storing", async () => {
    const store = new MemoryEventStore();
    const processor = new GitHubIntegration({ secret, store });
    const forged = await createGitHubWebhookRequest({
      secret: "forged",
      event: "push",
      payload: examplesOf("push")[0],
    });
    const response = await processor.fetch(forged);
    expect(response.status).toBe(401);
    expect(store.size).toBe(0);
    const ok = await processor.fetch(await request("push", "e"));
    expect(ok.status).toBe(200);
    await processor.handler.drain();
    expect(store.size).toBe(1);
  });

  it("creates its client on first use, and webhook handlers with other options", async () => {
    const github = await startFakeGitHubServer({ viewer: { login: "hubot" } });
    try {
      const integration = createGitHubIntegration({
        secret,
        client: { token: "test-token", baseUrl: github.url, env: {} },
      });
      expect(github.requests).toHaveLength(0);
      expect(integration.platform).toBe("github");
      expect(await integration.authenticate()).toMatchObject({
        authenticated: true,
        identity: "hubot",
      });
      expect(integration.client).toBe(integration.client);
      expect(github.requests.map((request) => request.path)).toEqual(["/user"]);

      const store = new MemoryEventStore();
      const stored: string[] = [];
      const handler = integration.createWebhookHandler({
        store,
        onEvent: (event) => {
          stored.push(String(event.deliveryId));
        },
      });
      expect((await handler(request("push", "own-store"))).status).toBe(200);
      await handler.drain();
      expect(stored).toEqual(["own-store"]);
      expect(store.size).toBe(1);
      expect(integration.store).not.toBe(store);
    } finally {
      await github.close();
    }
  });
});
