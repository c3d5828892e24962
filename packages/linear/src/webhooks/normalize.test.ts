import { type CorrelatedEvent, correlatedEventSchema } from "@contexten/core";
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
    const [bare] = await normalize({ type: "OAuthApp", action: "revoked", oauthClientId: "c1" });
    expect(bare).toMatchObject({ type: "linear.o_auth_app.revoked", keys: [], refs: [] });
  });
});

describe("event type names", () => {
  it("snake-cases types and past-tenses the common actions", () => {
    expect(snakeCase("IssueLabel")).toBe("issue_label");
    expect(snakeCase("IssueSLA")).toBe("issue_sla");
    expect(linearEventType("Issue", "create")).toBe("linear.issue.created");
    expect(linearEventType("ProjectUpdate", "restore")).toBe("linear.project_update.restored");
    expect(linearEventType("IssueSLA", "breached")).toBe("linear.issue_sla.breached");
    expect(linearEventType("???", "!!!")).toBe("linear.unknown.unknown");
  });
});
