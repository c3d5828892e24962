import {
  type CorrelatedEvent,
  CorrelationEngine,
  CorrelationKeys,
  createWebhookHandler,
  MemoryEventStore,
} from "@contexten/core";
import {
  extractBranchReferences,
  extractReferences,
  mergeReferences,
} from "@contexten/core/adapter";
import { describe, expect, it } from "vitest";
import { createLinearWebhookRequest } from "../testing/index";
import { fixture } from "./__fixtures__/fixtures";
import { linearWebhooks } from "./linear-webhook-source";

/**
 * Linear events (through the real webhook path) meet GitHub events in the correlation
 * engine. Adapters never import each other, so the GitHub events are built here with
 * core's key builders and reference extraction, exactly as a GitHub source fills them.
 */

const SECRET = "correlation-secret";
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const REPO = "acme/web";

function setup() {
  const store = new MemoryEventStore();
  const engine = new CorrelationEngine({ store, clock: () => new Date(NOW) });
  const handler = createWebhookHandler({
    sources: linearWebhooks({
      secret: SECRET,
      clock: { now: () => NOW, setTimeout, clearTimeout },
    }),
    store,
    onEvent: (event) => engine.processEvent(event),
  });
  let deliveries = 0;
  /** Delivers a fixture (optionally changed) as a signed webhook; returns its events. */
  const deliver = async (
    name: string,
    change: (payload: Record<string, unknown>) => void = () => {},
  ) => {
    const payload = fixture(name);
    change(payload);
    deliveries += 1;
    const request = createLinearWebhookRequest({
      payload,
      secret: SECRET,
      timestamp: NOW,
      deliveryId: `delivery-${deliveries}`,
    });
    const response = await handler(request);
    expect(response.status).toBe(200);
    await handler.drain();
    const page = await store.query({ limit: 1000 });
    return page.events.filter((event) => event.deliveryId === `delivery-${deliveries}`);
  };
  /** Processes a GitHub event (built by hand) and returns it as stored. */
  const github = async (event: CorrelatedEvent) => (await engine.processEvent(event)).event;
  const group = async (event: CorrelatedEvent) => {
    const stored = await store.get(event.id);
    return (await store.query({ correlationId: stored!.correlationId!, limit: 1000 })).events;
  };
  const linkBetween = async (a: CorrelatedEvent, b: CorrelatedEvent) =>
    (await store.linksOf(a.id)).find(
      (link) =>
        (link.sourceEventId === a.id && link.targetEventId === b.id) ||
        (link.sourceEventId === b.id && link.targetEventId === a.id),
    );
  /** The link between `b` and any of `events` (one delivery can hold several events). */
  const linkToAny = async (events: readonly CorrelatedEvent[], b: CorrelatedEvent) => {
    for (const event of events) {
      const link = await linkBetween(event, b);
      if (link) return link;
    }
    return undefined;
  };
  return { store, engine, deliver, github, group, linkBetween, linkToAny };
}

function githubEvent(input: {
  type: string;
  id: string;
  at: string;
  kind: string;
  keys: string[];
  refs: CorrelatedEvent["refs"];
}): CorrelatedEvent {
  return {
    id: input.id,
    type: input.type,
    platform: "github",
    occurredAt: new Date(input.at),
    receivedAt: new Date(input.at),
    deliveryId: input.id,
    subject: { kind: input.kind, id: input.id },
    keys: input.keys,
    refs: input.refs,
    payload: {},
    correlationId: null,
    parentEventId: null,
    workflowId: null,
  };
}

function pullRequest(number: number, title: string, body: string, branch: string, at: string) {
  return githubEvent({
    type: "github.pull_request.opened",
    id: `github-pr-${number}`,
    at,
    kind: "pull_request",
    keys: [
      CorrelationKeys.githubPullRequest(REPO, number),
      CorrelationKeys.githubNumber(REPO, number),
    ],
    refs: mergeReferences(
      extractReferences(title, { field: "title", evidence: "title" }),
      extractReferences(body, { field: "body", defaultRepository: REPO }),
      extractBranchReferences(branch, REPO, { field: "head.ref" }),
    ),
  });
}

describe("an issue moved to another team keeps its correlation (previousIdentifiers)", () => {
  it("ENG-123 → OPS-7: the PR that says Fixes ENG-123 stays in the issue's group", async () => {
    const { deliver, github, group, linkBetween, linkToAny } = setup();
    const [created] = await deliver("issue-create");
    const pr = await github(
      pullRequest(
        42,
        "Fix login redirect",
        "Fixes ENG-123",
        "fix-redirect",
        "2026-11-21T10:00:00Z",
      ),
    );
    const moved = await deliver("issue-update-moved-team");
    expect(moved[0]!.subject.key).toBe("OPS-7");
    // A PR opened after the move still says the old identifier; another the new one.
    const late = await github(
      pullRequest(43, "Follow-up", "Part of ENG-123", "follow-up", "2026-11-22T09:00:00Z"),
    );
    const renamed = await github(
      pullRequest(44, "Harden redirect", "Closes OPS-7", "harden", "2026-11-22T10:00:00Z"),
    );

    const members = (await group(created!)).map((event) => event.id);
    expect(members).toEqual(
      expect.arrayContaining([
        created!.id,
        pr.id,
        ...moved.map((event) => event.id),
        late.id,
        renamed.id,
      ]),
    );
    // Each PR links to the first event of the identifier it names (flat correlation): the
    // old identifier's is the issue's creation, which the move joined through
    // previousIdentifiers; the new identifier's is the move itself.
    expect(await linkBetween(created!, late)).toMatchObject({
      rule: "linear_issue_to_github_pr",
      evidence: [expect.objectContaining({ key: "linear:issue:ENG-123", evidence: "mentions" })],
    });
    expect(await linkToAny(moved, created!)).toMatchObject({ rule: "same_subject" });
    expect(await linkToAny(moved, renamed)).toMatchObject({
      rule: "linear_issue_to_github_pr",
      strength: 1,
      evidence: [expect.objectContaining({ key: "linear:issue:OPS-7", evidence: "closes" })],
    });
  });

  it("without previousIdentifiers the old identifier would not match (control)", async () => {
    for (const keepPrevious of [true, false]) {
      const { deliver, github, linkToAny, group } = setup();
      const moved = await deliver("issue-update-moved-team", (payload) => {
        if (!keepPrevious) (payload.data as Record<string, unknown>).previousIdentifiers = [];
      });
      const pr = await github(
        pullRequest(42, "Fix login redirect", "Fixes ENG-123", "fix", "2026-11-22T09:00:00Z"),
      );
      const linked = await linkToAny(moved, pr);
      expect(Boolean(linked)).toBe(keepPrevious);
      expect((await group(moved[0]!)).some((event) => event.id === pr.id)).toBe(keepPrevious);
    }
  });
});

describe("default rules Linear events take part in", () => {
  it("linear_issue_to_github_pr: closing word beats branch and title", async () => {
    const { deliver, github, linkBetween } = setup();
    const [issue] = await deliver("issue-create");
    const closes = await github(
      pullRequest(1, "Login", "Closes ENG-123", "x", "2026-11-21T10:00:00Z"),
    );
    const branch = await github(
      pullRequest(2, "Login", "", "ada/eng-123-fix-login", "2026-11-21T10:00:00Z"),
    );
    const title = await github(pullRequest(3, "ENG-123 login", "", "y", "2026-11-21T10:00:00Z"));
    const strengths = await Promise.all(
      [closes, branch, title].map(async (pr) => (await linkBetween(issue!, pr))!),
    );
    expect(strengths.map((link) => link.rule)).toEqual([
      "linear_issue_to_github_pr",
      "linear_issue_to_github_pr",
      "linear_issue_to_github_pr",
    ]);
    expect(strengths.map((link) => link.strength)).toEqual([1, 0.9, 0.8]);
  });

  it("linear_issue_to_github_branch: a push to eng-123-…", async () => {
    const { deliver, github, linkBetween } = setup();
    const [issue] = await deliver("issue-create");
    const branch = "ada/eng-123-fix-login-redirect";
    const push = await github(
      githubEvent({
        type: "github.push",
        id: "github-push-1",
        at: "2026-11-21T09:30:00Z",
        kind: "branch",
        keys: [CorrelationKeys.githubBranch(REPO, branch)],
        refs: extractBranchReferences(branch, REPO, { includeBranchKey: false }),
      }),
    );
    expect(await linkBetween(issue!, push)).toMatchObject({
      rule: "linear_issue_to_github_branch",
      evidence: [expect.objectContaining({ key: "linear:issue:ENG-123", evidence: "branch" })],
    });
  });

  it("linear_issue_to_github_issue: a GitHub issue linking the Linear issue URL", async () => {
    const { deliver, github, linkBetween } = setup();
    const [issue] = await deliver("issue-create");
    const ghIssue = await github(
      githubEvent({
        type: "github.issues.opened",
        id: "github-issue-9",
        at: "2026-11-21T09:00:00Z",
        kind: "issue",
        keys: [CorrelationKeys.githubIssue(REPO, 9), CorrelationKeys.githubNumber(REPO, 9)],
        refs: extractReferences(
          "Synced from https://linear.app/acme/issue/ENG-123/fix-login-redirect-on-mobile-safari",
          { field: "body" },
        ),
      }),
    );
    expect(await linkBetween(issue!, ghIssue)).toMatchObject({
      rule: "linear_issue_to_github_issue",
    });
  });

  it("same_subject: every event of one issue shares a group, status change included", async () => {
    const { deliver, linkBetween, group } = setup();
    const [created] = await deliver("issue-create");
    const events = await deliver("issue-update-status");
    const updated = events.find((event) => event.type === "linear.issue.updated");
    expect(await linkBetween(created!, updated!)).toMatchObject({
      rule: "same_subject",
      strength: 1,
    });
    expect((await group(created!)).map((event) => event.type).sort()).toEqual([
      "linear.issue.created",
      "linear.issue.status_changed",
      "linear.issue.updated",
    ]);
  });

  it("key_reference: a comment joins its issue; a PR attachment joins the issue and the PR", async () => {
    const { deliver, github, linkBetween, group } = setup();
    const [issue] = await deliver("issue-create");
    const [comment] = await deliver("comment-create");
    expect(await linkBetween(issue!, comment!)).toMatchObject({
      rule: "key_reference",
      evidence: expect.arrayContaining([expect.objectContaining({ evidence: "attachment" })]),
    });
    // A PR that never mentions the issue: only Linear's attachment ties them together.
    const pr = await github(
      pullRequest(42, "Redirect fix", "No mention here", "fix", "2026-11-21T10:00:00Z"),
    );
    const [attachment] = await deliver("attachment-create-github-pr");
    expect(await linkBetween(attachment!, pr)).toMatchObject({ rule: "key_reference" });
    expect(await linkBetween(attachment!, issue!)).toMatchObject({ rule: "key_reference" });
    expect((await group(pr)).map((event) => event.id)).toContain(issue!.id);
  });
});
