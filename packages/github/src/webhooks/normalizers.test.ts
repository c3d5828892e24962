import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { exampleOf } from "../__fixtures__/webhook-examples";
import { githubEventType } from "./github-event-base";
import { normalizeGitHubEvent } from "./normalize-github-event";
import type { ReferenceOptions } from "./normalize-input";

const receivedAt = new Date("2030-01-01T09:00:00Z");
const SHA = "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d";

function normalize(
  event: string,
  payload: object,
  references: ReferenceOptions = {},
): CorrelatedEvent {
  const body = payload as Record<string, unknown>;
  return normalizeGitHubEvent({
    event,
    action: typeof body.action === "string" ? body.action : undefined,
    deliveryId: "delivery-1",
    payload: body,
    receivedAt,
    references,
  });
}

const refOf = (event: CorrelatedEvent, key: string): EventRef | undefined =>
  event.refs.find((ref) => ref.key === key);

describe("pull_request", () => {
  const opened = () => {
    const payload = exampleOf("pull_request.opened");
    payload.pull_request.title = "Fix login redirect";
    payload.pull_request.body =
      "Fixes ENG-123 and closes #7.\n\nSee https://linear.app/acme/issue/ENG-9/x";
    payload.pull_request.head.ref = "eng-123-fix-login";
    payload.pull_request.head.sha = SHA;
    return payload;
  };

  it("reads closing words in the body, the branch, the head sha and URLs with the right evidence", () => {
    const payload = opened();
    const repository = payload.repository.full_name;
    const event = normalize("pull_request", payload);
    expect(refOf(event, "linear:issue:ENG-123")).toMatchObject({
      evidence: "closes",
      field: "pull_request.body",
    });
    expect(refOf(event, CorrelationKeys.githubNumber(repository, 7))?.evidence).toBe("closes");
    expect(refOf(event, "linear:issue:ENG-9")?.evidence).toBe("url");
    expect(
      refOf(event, CorrelationKeys.githubBranch(repository, "eng-123-fix-login"))?.evidence,
    ).toBe("branch");
    expect(refOf(event, CorrelationKeys.gitSha(SHA))).toMatchObject({
      evidence: "sha",
      field: "pull_request.head.sha",
    });
    expect(refOf(event, CorrelationKeys.gitShortSha(SHA))?.evidence).toBe("sha");
    expect(event.occurredAt.toISOString()).toBe(
      new Date(payload.pull_request.created_at).toISOString(),
    );
  });

  it("takes Linear identifiers from the branch alone with evidence branch", () => {
    const payload = opened();
    payload.pull_request.body = null;
    payload.pull_request.title = "Small fix";
    expect(refOf(normalize("pull_request", payload), "linear:issue:ENG-123")).toMatchObject({
      evidence: "branch",
      field: "pull_request.head.ref",
    });
  });

  it("only matches the configured Linear teams when given", () => {
    const payload = opened();
    payload.pull_request.body = "Fixes OPS-1";
    const event = normalize("pull_request", payload, { linearTeams: ["OPS"] });
    expect(refOf(event, "linear:issue:OPS-1")).toBeDefined();
    expect(refOf(event, "linear:issue:ENG-123")).toBeUndefined();
  });

  it("types a merged close as github.pull_request.merged and refs the merge commit", () => {
    const payload = exampleOf("pull_request.closed");
    payload.pull_request.merged = true;
    payload.pull_request.merged_at = "2030-01-01T08:00:00Z";
    payload.pull_request.merge_commit_sha = SHA;
    const merged = normalize("pull_request", payload);
    expect(merged.type).toBe("github.pull_request.merged");
    expect(refOf(merged, CorrelationKeys.gitSha(SHA))?.field).toBe("pull_request.merge_commit_sha");
    expect(merged.occurredAt.toISOString()).toBe("2030-01-01T08:00:00.000Z");
    payload.pull_request.merged = false;
    expect(normalize("pull_request", payload).type).toBe("github.pull_request.closed");
  });

  it("does not ref its own keys (a body linking the PR itself)", () => {
    const payload = opened();
    payload.pull_request.body = `Preview: ${payload.pull_request.html_url}`;
    const event = normalize("pull_request", payload);
    for (const ref of event.refs) expect(event.keys).not.toContain(ref.key);
  });

  it("shortens keys too long for an index instead of refusing the delivery", () => {
    const payload = opened();
    // 1,000 "ü" percent-encode to a 6,000-character URL key; keys hold at most 512 bytes.
    const long = `https://example.com/${"ü".repeat(1000)}`;
    payload.pull_request.body = `Fixes ENG-123, see ${long}`;
    payload.pull_request.head.ref = `eng-123-${"x".repeat(3000)}`;
    const event = normalize("pull_request", payload);
    const bytes = (key: string) => new TextEncoder().encode(key).byteLength;
    expect(
      [...event.keys, ...event.refs.map((ref) => ref.key)].every((key) => bytes(key) <= 512),
    ).toBe(true);
    expect(refOf(event, "linear:issue:ENG-123")?.evidence).toBe("closes");
    expect(event.refs.some((ref) => ref.key.startsWith("url:https://example.com/"))).toBe(true);
    expect(event.refs.some((ref) => ref.key.startsWith("github:branch:"))).toBe(true);
  });

  it("degrades fields of unexpected types instead of failing", () => {
    const payload = opened() as unknown as Record<string, Record<string, unknown>>;
    payload.pull_request!.title = 42;
    payload.pull_request!.head = "main";
    payload.pull_request!.html_url = { url: "https://github.com" };
    const event = normalize("pull_request", payload);
    expect(event.subject.title).toBeUndefined();
    expect(event.subject.url).toBeUndefined();
    expect(refOf(event, "linear:issue:ENG-123")?.evidence).toBe("closes");
    const checkRun = exampleOf("check_run") as unknown as Record<string, Record<string, unknown>>;
    checkRun.check_run!.pull_requests = { number: 1 };
    const run = normalize("check_run", checkRun);
    expect(
      run.refs.some((ref) => ref.evidence === "attachment" && ref.key.startsWith("github:pr:")),
    ).toBe(false);
  });

  it("falls back to the generic event when the pull request object is missing", () => {
    const event = normalize("pull_request", {
      action: "opened",
      repository: { full_name: "acme/api" },
    });
    expect(event.type).toBe("github.pull_request.opened");
    expect(event.keys).toEqual([]);
    expect(event.subject).toEqual({ kind: "pull_request", id: "delivery-1", key: "acme/api" });
  });
});

describe("push", () => {
  it("is the branch and every commit, and refs what the commit messages and branch name say", () => {
    const payload = exampleOf("push", (candidate) => candidate.commits.length > 0);
    const repository = payload.repository.full_name;
    payload.ref = "refs/heads/eng-42-retries";
    payload.commits[0]!.message = "Retry webhooks\n\nFixes #12, refs ENG-7";
    const event = normalize("push", payload);
    expect(event.keys).toContain(CorrelationKeys.githubBranch(repository, "eng-42-retries"));
    expect(refOf(event, CorrelationKeys.githubNumber(repository, 12))).toMatchObject({
      evidence: "closes",
      field: "commits[0].message",
    });
    expect(refOf(event, "linear:issue:ENG-7")?.evidence).toBe("mentions");
    expect(refOf(event, "linear:issue:ENG-42")).toMatchObject({ evidence: "branch", field: "ref" });
    expect(event.subject).toMatchObject({ kind: "branch", key: "eng-42-retries" });
  });

  it("keys a tag push by the tag and skips the all-zero sha of a deletion", () => {
    const payload = exampleOf("push", (candidate) => candidate.ref.startsWith("refs/tags/"));
    payload.after = "0000000000000000000000000000000000000000";
    payload.deleted = true;
    const event = normalize("push", payload);
    expect(event.subject.kind).toBe("tag");
    expect(event.keys.some((key) => key.startsWith("git:"))).toBe(false);
    expect(event.keys[0]).toMatch(/^github:tag:/);
  });
});

describe("CI events", () => {
  it("check_run refs the head sha, branch, suite and attached pull requests", () => {
    const payload = exampleOf(
      "check_run",
      (candidate) => candidate.check_run.pull_requests.length > 0,
    );
    const run = payload.check_run;
    const event = normalize("check_run", payload);
    expect(refOf(event, CorrelationKeys.gitSha(run.head_sha))?.evidence).toBe("sha");
    expect(
      refOf(event, CorrelationKeys.githubObject("check-suite", run.check_suite.id!))?.evidence,
    ).toBe("attachment");
    expect(
      refOf(
        event,
        CorrelationKeys.githubBranch(payload.repository.full_name, run.check_suite.head_branch!),
      )?.evidence,
    ).toBe("branch");
    expect(event.subject).toMatchObject({ kind: "check_run", url: run.html_url });
  });

  it("workflow_job refs its run", () => {
    const payload = exampleOf("workflow_job");
    const event = normalize("workflow_job", payload);
    expect(event.keys).toContain(
      CorrelationKeys.githubObject("workflow-job", payload.workflow_job.id),
    );
    expect(
      refOf(event, CorrelationKeys.githubObject("workflow-run", payload.workflow_job.run_id)),
    ).toBeDefined();
  });
});

describe("issues, comments, reviews", () => {
  it("an issue or comment mentions what follows a closing word: GitHub closes nothing from there", () => {
    const issue = exampleOf("issues.opened");
    issue.issue.body = "Fixes ENG-5";
    expect(refOf(normalize("issues", issue), "linear:issue:ENG-5")?.evidence).toBe("body");
    const comment = exampleOf("issue_comment");
    comment.comment.body = "Fixes ENG-6";
    expect(refOf(normalize("issue_comment", comment), "linear:issue:ENG-6")?.evidence).toBe("body");
    const review = exampleOf("pull_request_review");
    review.review.body = "closes ENG-8";
    expect(refOf(normalize("pull_request_review", review), "linear:issue:ENG-8")?.evidence).toBe(
      "body",
    );
  });
});

describe("create and delete", () => {
  it("a created branch is the branch and refs the Linear issue in its name", () => {
    const payload = exampleOf("create");
    payload.ref = "feature/ENG-31-search";
    payload.ref_type = "branch";
    const event = normalize("create", payload);
    expect(event.type).toBe("github.create.branch");
    expect(event.keys).toEqual([
      CorrelationKeys.githubBranch(payload.repository.full_name, "feature/ENG-31-search"),
    ]);
    expect(refOf(event, "linear:issue:ENG-31")?.evidence).toBe("branch");
    expect(event.subject.url).toBe(`${payload.repository.html_url}/tree/feature/ENG-31-search`);
  });
});

describe("types and times", () => {
  it("sanitizes custom actions and marks events without one as received", () => {
    expect(githubEventType("repository_dispatch", "Deploy.Now!")).toBe(
      "github.repository_dispatch.deploy_now",
    );
    expect(githubEventType("fork", undefined)).toBe("github.fork.received");
    expect(githubEventType("fork", "!!!")).toBe("github.fork.received");
    expect(githubEventType("check_run", "on-demand-test")).toBe("github.check_run.on-demand-test");
  });

  it("derives the same id for a redelivery and never trusts prototype names", () => {
    const payload = exampleOf("star");
    expect(normalize("star", payload).id).toBe(normalize("star", payload).id);
    const odd = normalize("constructor", { repository: { full_name: "acme/api" } });
    expect(odd.type).toBe("github.constructor.received");
    expect(normalize("__proto__", {}).keys).toEqual([]);
  });
});
