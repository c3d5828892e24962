import {
  type CorrelatedEvent,
  type Correlation,
  CorrelationEngine,
  CorrelationKeys,
  MemoryEventStore,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { beforeEach, describe, expect, it } from "vitest";
import { exampleOf } from "../__fixtures__/webhook-examples";
import { GitHubIntegration } from "../integration/github-integration";
import { createGitHubWebhookRequest } from "../testing/github-webhook-request";

const secret = "correlation-secret";
const SHA = "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d";
const BRANCH = "eng-123-fix-login";

/** Real published payloads, changed only where the story needs it. */
function story() {
  const pullRequest = exampleOf("pull_request.opened");
  const repository = pullRequest.repository.full_name;
  pullRequest.pull_request.title = "Fix login redirect";
  pullRequest.pull_request.body = "Fixes ENG-123\n\nThe redirect lost the session.";
  pullRequest.pull_request.head.ref = BRANCH;
  pullRequest.pull_request.head.sha = SHA;
  const checkRun = exampleOf("check_run.completed");
  checkRun.check_run.head_sha = SHA;
  checkRun.check_run.pull_requests = [];
  checkRun.check_run.check_suite.head_branch = "unrelated";
  checkRun.repository = pullRequest.repository;
  const push = exampleOf("push", (payload) => payload.commits.length > 0);
  push.ref = `refs/heads/${BRANCH}`;
  push.after = SHA;
  push.commits = [{ ...push.commits[0]!, id: SHA, message: "Keep the session on redirect" }];
  push.head_commit = push.commits[0]!;
  push.repository = { ...push.repository, full_name: repository };
  const create = exampleOf("create");
  create.ref = BRANCH;
  create.ref_type = "branch";
  create.repository = pullRequest.repository;
  const merged = exampleOf("pull_request.closed");
  merged.repository = pullRequest.repository;
  merged.pull_request = {
    ...merged.pull_request,
    ...pullRequest.pull_request,
    merged: true,
    state: "closed",
    merged_at: "2030-01-01T12:00:00Z",
  };
  const issue = exampleOf("issues.opened");
  issue.issue.body = "Users report ENG-123 on mobile too.";
  issue.repository = pullRequest.repository;
  return { repository, pullRequest, checkRun, push, create, merged, issue };
}

function linearIssue(): CorrelatedEvent {
  return correlatedEventSchema.parse({
    id: "linear-eng-123",
    type: "linear.issue.created",
    platform: "linear",
    occurredAt: new Date("2019-05-15T00:00:00Z"),
    receivedAt: new Date("2019-05-15T00:00:00Z"),
    subject: { kind: "issue", id: "0b7f8f4e-6b1a-4c8e-9a55-1f1b2a3c4d5e", key: "ENG-123" },
    keys: [CorrelationKeys.linearIssue("ENG-123")],
  });
}

let processor: GitHubIntegration;
let store: MemoryEventStore;
beforeEach(() => {
  store = new MemoryEventStore();
  // The published examples date from 2019: correlate as of then, inside the retention window.
  const engine = new CorrelationEngine({ store, clock: () => new Date("2019-05-16T00:00:00Z") });
  processor = new GitHubIntegration({ secret, store, engine });
});

async function deliver(
  event: string,
  payload: object,
  deliveryId: string,
): Promise<CorrelatedEvent> {
  const result = await processor.processWebhook(
    await createGitHubWebhookRequest({ secret, event, payload, deliveryId }),
  );
  expect(result.status).toBe("processed");
  return (await store.get(result.eventIds[0]!))!;
}

async function linkBetween(
  a: CorrelatedEvent,
  b: CorrelatedEvent,
): Promise<Correlation | undefined> {
  const links = await store.linksOf(a.id);
  return links.find(
    (link) =>
      (link.sourceEventId === a.id && link.targetEventId === b.id) ||
      (link.sourceEventId === b.id && link.targetEventId === a.id),
  );
}

describe("GitHub events through CorrelationEngine's default rules", () => {
  it("links a PR saying 'Fixes ENG-123' to the issue and a check run on its head sha to the PR", async () => {
    const { pullRequest, checkRun } = story();
    const issue = (await processor.engine!.processEvent(linearIssue())).event;
    const pr = await deliver("pull_request", pullRequest, "pr-opened");
    const run = await deliver("check_run", checkRun, "check-run");

    const issueToPr = await linkBetween(issue, pr);
    expect(issueToPr).toMatchObject({
      rule: "linear_issue_to_github_pr",
      strength: 1,
      sourceEventId: issue.id,
    });
    expect(issueToPr!.evidence).toContainEqual(
      expect.objectContaining({ key: "linear:issue:ENG-123", evidence: "closes" }),
    );
    const prToRun = await linkBetween(pr, run);
    expect(prToRun).toMatchObject({
      rule: "github_pr_to_ci_run",
      sourceEventId: pr.id,
      targetEventId: run.id,
    });
    expect(prToRun!.evidence).toContainEqual(
      expect.objectContaining({ key: CorrelationKeys.gitSha(SHA), evidence: "sha" }),
    );

    // One group: the check run's lineage reaches the Linear issue through the PR.
    const lineage = await processor.engine!.getEventLineage(run.id);
    expect(lineage.relatedEvents.map((event) => event.id)).toEqual(
      expect.arrayContaining([pr.id, issue.id]),
    );
    const groups = new Set(
      await Promise.all(
        [issue, pr, run].map(async (event) => (await store.get(event.id))!.correlationId),
      ),
    );
    expect(groups.size).toBe(1);
    expect(groups.has(lineage.correlationId)).toBe(true);
  });

  it("links the branch, the push, the merge and a GitHub issue mentioning ENG-123", async () => {
    const { pullRequest, push, create, merged, issue: githubIssue } = story();
    const issue = (await processor.engine!.processEvent(linearIssue())).event;
    const branch = await deliver("create", create, "create");
    const pushed = await deliver("push", push, "push");
    const opened = await deliver("pull_request", pullRequest, "pr-opened");
    const closed = await deliver("pull_request", merged, "pr-merged");
    const mentioned = await deliver("issues", githubIssue, "issue");

    expect(closed.type).toBe("github.pull_request.merged");
    expect((await linkBetween(issue, branch))?.rule).toBe("linear_issue_to_github_branch");
    expect((await linkBetween(issue, pushed))?.rule).toBe("linear_issue_to_github_branch");
    expect((await linkBetween(pushed, opened))?.rule).toBe("github_push_to_pr");
    expect((await linkBetween(opened, closed))?.rule).toBe("same_subject");
    expect((await linkBetween(issue, mentioned))?.rule).toBe("linear_issue_to_github_issue");

    const group = await store.query({
      correlationId: (await store.get(issue.id))!.correlationId!,
      limit: 50,
    });
    expect(group.events.map((event) => event.id).sort()).toEqual(
      [issue, branch, pushed, opened, closed, mentioned].map((event) => event.id).sort(),
    );
  });

  it("hands handlers the correlated event", async () => {
    const { pullRequest } = story();
    await processor.engine!.processEvent(linearIssue());
    const seen: (string | null | undefined)[] = [];
    processor.on("pull_request.opened", ({ event }) => {
      seen.push(event.correlationId);
    });
    await deliver("pull_request", pullRequest, "pr-opened");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe((await store.get("linear-eng-123"))!.correlationId);
  });
});
