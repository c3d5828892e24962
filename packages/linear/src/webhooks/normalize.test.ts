import type { CorrelatedEvent } from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { toTestWebhookRequest } from "@contexten/core/testing";
import { describe, expect, it } from "vitest";
import { createLinearWebhookRequest } from "../testing/index";
import { fixture } from "./__fixtures__/fixtures";
import { linearEventType, snakeCase } from "./linear-event-base";
import { linearWebhooks } from "./linear-webhook-source";

const SECRET = "normalize-secret";
const ISSUE_ID = "2c7e1a9b-3d0f-4a7e-9b9c-2e8d7f6a5b77";

async function normalize(
  payload: Record<string, unknown>,
  options: Parameters<typeof linearWebhooks>[0] = {},
): Promise<CorrelatedEvent[]> {
  const source = linearWebhooks({ secret: SECRET, ...options });
  const webhookRequest = await toTestWebhookRequest(
    createLinearWebhookRequest({ payload, secret: SECRET, deliveryId: "delivery-1" }),
    new Date("2026-11-21T12:00:00Z"),
  );
  await source.verify(webhookRequest);
  const parsed = await source.parse(webhookRequest);
  if (parsed.kind !== "delivery") throw new Error("expected a delivery");
  const events = await source.normalize(parsed, { request: webhookRequest });
  for (const event of events) expect(correlatedEventSchema.safeParse(event).success).toBe(true);
  return events;
}

describe("Issue webhooks", () => {
  it("create: the issue's identifier and UUID as keys, title and description mentions as refs", async () => {
    const [event, ...rest] = await normalize(fixture("issue-create"));
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: "linear.issue.created",
      platform: "linear",
      deliveryId: "delivery-1",
      occurredAt: new Date("2026-11-20T10:00:00.000Z"),
      subject: {
        kind: "issue",
        id: ISSUE_ID,
        key: "ENG-123",
        title: "Fix login redirect on mobile Safari",
        url: "https://linear.app/acme/issue/ENG-123/fix-login-redirect-on-mobile-safari",
      },
      keys: ["linear:issue:ENG-123", `linear:issue-id:${ISSUE_ID}`],
      refs: [
        expect.objectContaining({
          key: "url:https://acme.sentry.io/issues/4242",
          evidence: "url",
          field: "description",
        }),
      ],
    });
    expect(event!.payload).toMatchObject({ action: "create", type: "Issue" });
  });

  it("update with a state change: linear.issue.updated plus linear.issue.status_changed", async () => {
    const events = await normalize(fixture("issue-update-status"));
    expect(events.map((event) => event.type)).toEqual([
      "linear.issue.updated",
      "linear.issue.status_changed",
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
    expect(events[1]!.keys).toEqual(events[0]!.keys);
    expect(events[1]!.payload).toMatchObject({
      from: { id: "e3a7c5d4-9f6b-4c3a-9d5e-8a4f3b2c1d33" },
      to: {
        id: "f4b8d6e5-0a7c-4d4b-8e6f-9b5a4c3d2e44",
        name: "In Progress",
        type: "started",
        category: "in_progress",
      },
      updatedFrom: { stateId: "e3a7c5d4-9f6b-4c3a-9d5e-8a4f3b2c1d33" },
    });
  });

  it("update without a state change: only linear.issue.updated", async () => {
    const events = await normalize(fixture("issue-update-title"));
    expect(events.map((event) => event.type)).toEqual(["linear.issue.updated"]);
  });

  it("a move to another team keeps every previous identifier as a key", async () => {
    const events = await normalize(fixture("issue-update-moved-team"));
    expect(events[0]).toMatchObject({
      subject: { key: "OPS-7" },
      keys: ["linear:issue:OPS-7", "linear:issue:ENG-123", `linear:issue-id:${ISSUE_ID}`],
    });
    // The move changed the state too (ENG's In Progress → OPS's In Progress).
    expect(events.map((event) => event.type)).toEqual([
      "linear.issue.updated",
      "linear.issue.status_changed",
    ]);
  });

  it("remove: linear.issue.removed with the same keys", async () => {
    const [event] = await normalize(fixture("issue-remove"));
    expect(event).toMatchObject({
      type: "linear.issue.removed",
      keys: ["linear:issue:OPS-7", "linear:issue:ENG-123", `linear:issue-id:${ISSUE_ID}`],
    });
  });

  it("never refs the issue's own identifier, and honours a team list", async () => {
    const payload = fixture("issue-create");
    const data = payload.data as Record<string, unknown>;
    data.description = "Same as ENG-123, blocked by eng-9 and fixes ops-4; see UTF-8.";
    // Lower case counts only after a keyword ("fixes ops-4") unless the teams are known.
    const plain = await normalize(payload);
    expect(plain[0]!.refs.map((ref) => [ref.key, ref.evidence])).toEqual([
      ["linear:issue:OPS-4", "closes"],
    ]);
    const withTeams = await normalize(payload, { teams: ["ENG"] });
    expect(withTeams[0]!.refs.map((ref) => ref.key)).toEqual(["linear:issue:ENG-9"]);
  });
});

describe("other webhooks", () => {
  it("Comment: refs its issue (attachment) and the PR and Slack thread in its body", async () => {
    const [event] = await normalize(fixture("comment-create"));
    expect(event).toMatchObject({
      type: "linear.comment.created",
      subject: {
        kind: "comment",
        id: "3d8f2b0c-4e1a-4b8f-8c0d-3f9e8a7b6c88",
        title: "Fix is up for review: https://github.com/acme/web/pull/42",
      },
      keys: ["linear:comment:3d8f2b0c-4e1a-4b8f-8c0d-3f9e8a7b6c88"],
    });
    expect(event!.refs.map(({ key, evidence }) => ({ key, evidence }))).toEqual([
      { key: "linear:issue:ENG-123", evidence: "attachment" },
      { key: `linear:issue-id:${ISSUE_ID}`, evidence: "attachment" },
      { key: "github:pr:acme/web#42", evidence: "url" },
      { key: "slack:message:C0123ABCD:1763722800.000100", evidence: "url" },
      { key: "slack:thread:C0123ABCD:1763722800.000100", evidence: "url" },
    ]);
  });

  it("Attachment of a GitHub PR: refs the issue and the PR, both as attachment evidence", async () => {
    const [event] = await normalize(fixture("attachment-create-github-pr"));
    expect(event).toMatchObject({
      type: "linear.attachment.created",
      subject: { kind: "attachment", url: "https://github.com/acme/web/pull/42" },
      keys: ["linear:attachment:4e9a3c1d-5f2b-4c9a-9d1e-4a0f9b8c7d99"],
    });
    expect(event!.refs.map(({ key, evidence }) => ({ key, evidence }))).toEqual([
      { key: `linear:issue-id:${ISSUE_ID}`, evidence: "attachment" },
      { key: "github:pr:acme/web#42", evidence: "attachment" },
    ]);
  });

  it("IssueLabel, Project and Cycle: typed events keyed by the object", async () => {
    const [label] = await normalize(fixture("issue-label-create"));
    expect(label).toMatchObject({
      type: "linear.issue_label.created",
      subject: { kind: "label", title: "Bug" },
      keys: ["linear:label:1b6d0f8a-2c9e-4f6d-8a8b-1d7c6e5f4a66"],
      refs: [],
    });
    const [project] = await normalize(fixture("project-update"));
    expect(project).toMatchObject({
      type: "linear.project.updated",
      subject: {
        kind: "project",
        title: "Mobile login",
        url: "https://linear.app/acme/project/mobile-login-9f3e2d1c0b4a",
      },
      keys: ["linear:project:5fab4d2e-6a3c-4dab-8e2f-5b1a0c9d8eaa"],
      refs: [expect.objectContaining({ key: "linear:issue:ENG-123", evidence: "body" })],
    });
    const [cycle] = await normalize(fixture("cycle-create"));
    expect(cycle).toMatchObject({
      type: "linear.cycle.created",
      subject: { kind: "cycle", title: "Cycle 42" },
      keys: ["linear:cycle:7bcd6f4a-8c5e-4fcd-8a4b-7d3c2e1f0acc"],
    });
  });

  it("stores types without a normalizer: a Reaction refs its comment, an IssueSLA is about its issue", async () => {
    const [reaction] = await normalize(fixture("reaction-create"));
    expect(reaction).toMatchObject({
      type: "linear.reaction.created",
      keys: ["linear:reaction:8cde7a5b-9d6f-4ade-9b5c-8e4d3f2a1bdd"],
      refs: [
        expect.objectContaining({
          key: "linear:comment:3d8f2b0c-4e1a-4b8f-8c0d-3f9e8a7b6c88",
          evidence: "attachment",
        }),
      ],
    });
    const [sla] = await normalize(fixture("issue-sla-high-risk"));
    expect(sla).toMatchObject({
      type: "linear.issue_sla.high_risk",
      subject: { kind: "issue", key: "ENG-123" },
      keys: ["linear:issue:ENG-123", `linear:issue-id:${ISSUE_ID}`],
    });
    const [bare] = await normalize(fixture("oauth-app-revoked"));
    expect(bare).toMatchObject({ type: "linear.oauth_app.revoked", keys: [], refs: [] });
  });
});

describe("event type names", () => {
  it("snake-cases types and past-tenses the common actions", () => {
    expect(snakeCase("IssueLabel")).toBe("issue_label");
    expect(snakeCase("IssueSLA")).toBe("issue_sla");
    // Acronyms and words led by one capital stay one word.
    expect(snakeCase("OAuthApp")).toBe("oauth_app");
    expect(snakeCase("IssueOAuthToken")).toBe("issue_oauth_token");
    expect(snakeCase("XMLImport")).toBe("xml_import");
    expect(snakeCase("SLAToken")).toBe("sla_token");
    expect(snakeCase("GitHubSync")).toBe("github_sync");
    expect(snakeCase("AppUserNotification")).toBe("app_user_notification");
    expect(snakeCase("issueCommentMention")).toBe("issue_comment_mention");
    expect(snakeCase("V2Thing")).toBe("v2_thing");
    expect(linearEventType("OAuthApp", "revoked")).toBe("linear.oauth_app.revoked");
    expect(linearEventType("Issue", "create")).toBe("linear.issue.created");
    expect(linearEventType("ProjectUpdate", "restore")).toBe("linear.project_update.restored");
    expect(linearEventType("IssueSLA", "breached")).toBe("linear.issue_sla.breached");
    expect(linearEventType("???", "!!!")).toBe("linear.unknown.unknown");
  });
});

const refKeys = (event: CorrelatedEvent | undefined) =>
  event!.refs.map(({ key, evidence }) => ({ key, evidence }));

describe("objects named by other objects", () => {
  it("an Issue without identifier gets it from its team key and number", async () => {
    const [event] = await normalize(fixture("issue-create-without-identifier"));
    expect(event).toMatchObject({
      type: "linear.issue.created",
      subject: { kind: "issue", key: "ENG-123" },
      keys: ["linear:issue:ENG-123", `linear:issue-id:${ISSUE_ID}`],
    });
    // Without a team key either, the body is still refused: nothing names the issue.
    const nameless = fixture("issue-create-without-identifier");
    delete (nameless.data as { team?: unknown }).team;
    await expect(normalize(nameless)).rejects.toThrow(/data\.identifier.*data\.team\.key/);
  });

  it("a sub-issue refs its parent issue", async () => {
    const [event] = await normalize(fixture("issue-create-sub-issue"));
    expect(event).toMatchObject({
      subject: { key: "ENG-124" },
      keys: ["linear:issue:ENG-124", "linear:issue-id:9a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c55"],
    });
    expect(refKeys(event)).toContainEqual({
      key: `linear:issue-id:${ISSUE_ID}`,
      evidence: "attachment",
    });
  });

  it("a ProjectUpdate refs its project, and what its body mentions", async () => {
    const [event] = await normalize(fixture("project-update-create"));
    expect(event).toMatchObject({
      type: "linear.project_update.created",
      subject: {
        kind: "project_update",
        title: "On track. ENG-123 is in review: https://github.com/acme/web/pull/42",
      },
      keys: ["linear:project_update:6d2e1f0a-3b4c-4d5e-8f6a-7b8c9d0e1f77"],
    });
    expect(refKeys(event)).toEqual([
      { key: "linear:project:5fab4d2e-6a3c-4dab-8e2f-5b1a0c9d8eaa", evidence: "attachment" },
      { key: "linear:issue:ENG-123", evidence: "body" },
      { key: "github:pr:acme/web#42", evidence: "url" },
    ]);
  });

  it("a Comment on a document refs the document (and the project it belongs to)", async () => {
    const [event] = await normalize(fixture("comment-create-on-document"));
    expect(event).toMatchObject({
      type: "linear.comment.created",
      keys: ["linear:comment:8f4a3b2c-5d6e-4f7a-8b9c-9d0e1f2a3b99"],
    });
    expect(refKeys(event)).toEqual([
      { key: "linear:document:7e3f2a1b-4c5d-4e6f-9a7b-8c9d0e1f2a88", evidence: "attachment" },
      { key: "linear:issue:ENG-123", evidence: "body" },
    ]);
  });

  it("an AppUserNotification refs the issue and comment it is about", async () => {
    const [event] = await normalize(fixture("app-user-notification-comment-mention"));
    expect(event).toMatchObject({
      type: "linear.app_user_notification.issue_comment_mention",
      occurredAt: new Date("2026-11-21T18:00:00.000Z"),
      subject: {
        kind: "notification",
        id: "d3e4f5a6-b7c8-4d9e-8f0a-2b3c4d5e6fdd",
        key: "ENG-123",
        title: "Fix login redirect on mobile Safari",
        url: "https://linear.app/acme/issue/ENG-123/fix-login-redirect-on-mobile-safari",
      },
      keys: ["linear:notification:d3e4f5a6-b7c8-4d9e-8f0a-2b3c4d5e6fdd"],
    });
    expect(refKeys(event)).toEqual([
      { key: "linear:issue:ENG-123", evidence: "attachment" },
      { key: `linear:issue-id:${ISSUE_ID}`, evidence: "attachment" },
      { key: "linear:comment:3d8f2b0c-4e1a-4b8f-8c0d-3f9e8a7b6c88", evidence: "attachment" },
    ]);
  });

  it("an AgentSessionEvent is its session and refs the session's issue and comment", async () => {
    const [event] = await normalize(fixture("agent-session-event-created"));
    expect(event).toMatchObject({
      type: "linear.agent_session_event.created",
      subject: {
        kind: "agent_session",
        id: "e4f5a6b7-c8d9-4e0f-9a1b-3c4d5e6f7aee",
        key: "ENG-123",
      },
      keys: ["linear:agent_session:e4f5a6b7-c8d9-4e0f-9a1b-3c4d5e6f7aee"],
    });
    expect(refKeys(event)).toEqual([
      { key: "linear:issue:ENG-123", evidence: "attachment" },
      { key: `linear:issue-id:${ISSUE_ID}`, evidence: "attachment" },
      { key: "linear:comment:3d8f2b0c-4e1a-4b8f-8c0d-3f9e8a7b6c88", evidence: "attachment" },
    ]);
  });
});
