import {
  type CorrelatedEvent,
  CorrelationEngine,
  CorrelationKeys,
  createWebhookHandler,
  MemoryEventStore,
} from "@contexten/core";
import { describe, expect, it } from "vitest";
import { createSlackEventRequest } from "../testing/index";
import { slackWebhooks } from "./slack-webhook-source";

const SECRET = "correlation-secret";

/** A GitHub pull request event as the GitHub adapter emits it (keys only; no adapter import). */
function pullRequestOpened(occurredAt: Date): CorrelatedEvent {
  return {
    id: "github-pr-42-opened",
    type: "github.pull_request.opened",
    platform: "github",
    occurredAt,
    receivedAt: occurredAt,
    deliveryId: "gh-delivery-1",
    subject: {
      kind: "pull_request",
      id: "PR_kwDOA",
      key: "acme/api#42",
      url: "https://github.com/acme/api/pull/42",
      title: "Fix login",
    },
    keys: [
      CorrelationKeys.githubPullRequest("acme/api", 42),
      CorrelationKeys.githubNumber("acme/api", 42),
    ],
    refs: [{ key: CorrelationKeys.linearIssue("ENG-123"), evidence: "closes", field: "body" }],
    payload: {},
  };
}

function linearIssueCreated(occurredAt: Date): CorrelatedEvent {
  return {
    id: "linear-eng-123-created",
    type: "linear.issue.created",
    platform: "linear",
    occurredAt,
    receivedAt: occurredAt,
    subject: { kind: "issue", id: "2f1c6f8e-0000-4000-8000-000000000123", key: "ENG-123" },
    keys: [CorrelationKeys.linearIssue("ENG-123")],
    refs: [],
    payload: {},
  };
}

describe("Slack events in the correlation engine", () => {
  it("a message quoting a PR URL links to the PR by github_pr_to_slack_message; its thread follows", async () => {
    const store = new MemoryEventStore();
    const engine = new CorrelationEngine({ store });
    const now = Date.now();
    await engine.processEvent(pullRequestOpened(new Date(now - 60_000)));
    await engine.processEvent(linearIssueCreated(new Date(now - 120_000)));
    const handler = createWebhookHandler({
      sources: slackWebhooks({ signingSecret: SECRET }),
      store,
      onEvent: (event) => engine.processEvent(event),
    });
    const rootTs = `${Math.floor(now / 1000)}.000100`;
    const root = await handler.process(
      createSlackEventRequest({
        signingSecret: SECRET,
        event: {
          type: "message",
          channel: "C0REVIEWS",
          user: "U1",
          text: "Please review <https://github.com/acme/api/pull/42|acme/api#42>",
          ts: rootTs,
        },
      }),
    );
    const reply = await handler.process(
      createSlackEventRequest({
        signingSecret: SECRET,
        event: {
          type: "message",
          channel: "C0REVIEWS",
          user: "U2",
          text: "On it",
          ts: `${Math.floor(now / 1000) + 5}.000200`,
          thread_ts: rootTs,
        },
      }),
    );
    await handler.drain();
    const rootId = root.result.eventIds[0]!;
    const replyId = reply.result.eventIds[0]!;

    const rootLinks = await store.linksOf(rootId);
    const fromPr = rootLinks.find((link) => link.sourceEventId === "github-pr-42-opened");
    expect(fromPr).toMatchObject({ rule: "github_pr_to_slack_message", targetEventId: rootId });
    expect(fromPr!.evidence.map((evidence) => evidence.key)).toContain("github:pr:acme/api#42");

    const replyLinks = await store.linksOf(replyId);
    expect(replyLinks).toEqual([
      expect.objectContaining({
        rule: "slack_thread",
        sourceEventId: rootId,
        targetEventId: replyId,
      }),
    ]);

    // One group: the Linear issue, the PR that closes it, the Slack thread about the PR.
    const lineage = await engine.getEventLineage(replyId);
    expect(lineage.relatedEvents.map((event) => event.id).sort()).toEqual(
      ["github-pr-42-opened", "linear-eng-123-created", rootId].sort(),
    );
    const group = await store.query({ correlationId: (await store.get(replyId))!.correlationId! });
    expect(group.events).toHaveLength(4);
  });
});
