import { ApiCallError, createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinearClient, type LinearClient } from "../client/linear-client";
import { LinearDirectory } from "../issues/linear-directory";
import { createLinearIssueTracker } from "../issues/linear-issue-tracker";
import { linearWebhooks } from "../webhooks/linear-webhook-source";
import {
  createLinearWebhookRequest,
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  fakeAttachmentWebhookPayload,
  fakeCommentWebhookPayload,
  fakeIssueWebhookPayload,
  matchesFilter,
  startFakeLinearServer,
} from "./index";

describe("startFakeLinearServer", () => {
  let fake: FakeLinearServer;
  let client: LinearClient;

  beforeEach(async () => {
    fake = await startFakeLinearServer({
      seed: {
        teams: [{ key: "ENG", name: "Engineering" }],
        users: [{ name: "Ada Lovelace", email: "ada@acme.test" }],
        labels: Array.from({ length: 260 }, (_, index) => ({ name: `label-${index}` })),
        issues: [
          { team: "ENG", title: "Seeded", labels: ["label-259"], assignee: "ada", state: "Todo" },
        ],
      },
    });
    client = createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: fake.apiUrl, env: {} });
  });
  afterEach(() => fake.close());

  it("serves the seeded workspace to the real SDK, paging connections", async () => {
    const directory = new LinearDirectory(client);
    const labels = await directory.labels();
    expect(labels).toHaveLength(260);
    expect(fake.operations).toEqual(["issueLabels", "issueLabels"]);
    expect(fake.requests[1]?.graphql?.variables).toMatchObject({ first: 250 });
    const issue = await client.sdk.issue("ENG-1");
    expect(issue).toMatchObject({ title: "Seeded", assigneeId: fake.state.user("ada").id });
    expect(await directory.labelNames(issue.labelIds)).toEqual(["label-259"]);
  });

  it("answers every request with Linear's rate-limit headers", async () => {
    await client.sdk.viewer;
    expect(fake.requests[0]?.status).toBe(200);
    const recorded = fake.requests[0]!;
    expect(recorded.graphql?.operationName).toBe("viewer");
    const response = await fetch(fake.apiUrl, {
      method: "POST",
      headers: { authorization: FAKE_LINEAR_API_KEY, "content-type": "application/json" },
      body: JSON.stringify({ query: "query viewer { viewer { id } }" }),
    });
    expect(response.headers.get("x-ratelimit-requests-limit")).toBe("5000");
    expect(response.headers.get("x-ratelimit-complexity-remaining")).toBeTruthy();
    expect(response.headers.get("x-complexity")).toBe("1");
  });

  it("refuses filters it cannot evaluate instead of matching nothing", async () => {
    const error = await client.sdk
      .issues({ filter: { project: { name: { eq: "x" } } } })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/does not support filtering on filter.project/);
    expect(matchesFilter({ a: [{ b: 1 }] }, { a: { every: { b: { gte: 1 } } } })).toBe(true);
    expect(matchesFilter({ a: null }, { a: { null: true } })).toBe(true);
    expect(
      matchesFilter({ n: "x" }, { or: [{ n: { in: ["y"] } }, { n: { startsWith: "x" } }] }),
    ).toBe(true);
  });

  it("moves an issue between teams like Linear: new identifier, old one remembered", async () => {
    fake.state.addTeam({ key: "OPS", name: "Operations" });
    await client.sdk.updateIssue("ENG-1", { teamId: fake.state.team("OPS").id });
    const moved = await client.sdk.issue("ENG-1");
    expect(moved.identifier).toBe("OPS-1");
    expect(moved.previousIdentifiers).toEqual(["ENG-1"]);
    expect(fake.state.workflowStates.find((state) => state.id === moved.stateId)).toMatchObject({
      type: "unstarted",
      teamId: fake.state.team("OPS").id,
    });
  });

  it("builds Linear-shaped webhooks from its state that the webhook source accepts", async () => {
    const tracker = createLinearIssueTracker({ client, defaultTeam: "ENG" });
    const issue = fake.state.issue("ENG-1");
    const before = issue.stateId;
    await tracker.updateIssue("ENG-1", { status: "in_progress" });
    const link = await tracker.linkPullRequest("ENG-1", "https://github.com/acme/web/pull/7");
    const comment = await tracker.addComment("ENG-1", "See https://github.com/acme/web/pull/7");

    const store = new MemoryEventStore();
    const handler = createWebhookHandler({ sources: linearWebhooks({ secret: "s" }), store });
    for (const payload of [
      fakeIssueWebhookPayload(fake.state, "ENG-1", {
        action: "update",
        updatedFrom: { stateId: before },
      }),
      fakeAttachmentWebhookPayload(fake.state, link.id),
      fakeCommentWebhookPayload(fake.state, comment.id),
    ]) {
      const response = await handler(createLinearWebhookRequest({ payload, secret: "s" }));
      expect(response.status).toBe(200);
    }
    const events = (await store.query({ order: "oldest", limit: 100 })).events;
    expect(events.map((event) => event.type).sort()).toEqual([
      "linear.attachment.created",
      "linear.comment.created",
      "linear.issue.status_changed",
      "linear.issue.updated",
    ]);
    const statusChanged = events.find((event) => event.type === "linear.issue.status_changed");
    expect(statusChanged?.payload).toMatchObject({
      from: { id: before },
      to: { name: "In Progress", category: "in_progress" },
    });
  });
});
