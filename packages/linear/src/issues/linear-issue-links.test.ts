import { ApiCallError, NotFoundError, ValidationError } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinearClient } from "../client/linear-client";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "../testing/index";
import { createLinearIssueTracker, type LinearIssueTracker } from "./linear-issue-tracker";

describe("cross-platform helpers", () => {
  let fake: FakeLinearServer;
  let tracker: LinearIssueTracker;

  beforeEach(async () => {
    fake = await startFakeLinearServer();
    fake.state.addIssue({ team: "ENG", number: 123, title: "Fix login redirect" });
    const client = createLinearClient({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: fake.apiUrl,
      env: {},
    });
    tracker = createLinearIssueTracker({ client, defaultTeam: "ENG" });
  });
  afterEach(() => fake.close());

  it("links a GitHub PR as a GitHub attachment", async () => {
    const link = await tracker.linkPullRequest("ENG-123", "https://github.com/acme/api/pull/42", {
      title: "Fix login redirect",
    });
    expect(link).toMatchObject({ kind: "github_pr", url: "https://github.com/acme/api/pull/42" });
    expect(fake.state.attachments).toEqual([
      expect.objectContaining({
        id: link.id,
        issueId: fake.state.issue("ENG-123").id,
        sourceType: "github",
        title: "Fix login redirect",
        metadata: expect.objectContaining({ number: 42, repo: "acme/api" }),
      }),
    ]);
  });

  it("falls back to a URL attachment when Linear refuses the GitHub link", async () => {
    fake.server.fail(
      {
        status: 400,
        json: {
          errors: [
            {
              message: "GitHub integration not found",
              extensions: { code: "INVALID_INPUT", type: "invalid input" },
            },
          ],
        },
      },
      { times: 1 },
    );
    const link = await tracker.linkPullRequest("ENG-123", "https://github.com/acme/api/pull/42");
    expect(link.kind).toBe("url");
    expect(fake.operations).toEqual(["attachmentLinkGitHubPR", "attachmentLinkURL"]);
    expect(fake.state.attachments.map((attachment) => attachment.sourceType)).toEqual(["url"]);
  });

  it("rejects a non-PR URL for linkPullRequest and a missing issue with NotFoundError", async () => {
    const notPr = await tracker
      .linkPullRequest("ENG-123", "https://github.com/acme/api/issues/1")
      .catch((error: unknown) => error);
    expect(ValidationError.isInstance(notPr)).toBe(true);
    const missing = await tracker
      .linkPullRequest("ENG-9", "https://github.com/acme/api/pull/1")
      .catch((error: unknown) => error);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    const badUrl = await tracker.linkUrl("ENG-123", "not a url").catch((error: unknown) => error);
    expect(ValidationError.isInstance(badUrl)).toBe(true);
    expect(fake.state.attachments).toHaveLength(0);
  });

  it("links any URL, once per URL", async () => {
    const first = await tracker.linkUrl("ENG-123", "https://acme.sentry.io/issues/7", {
      title: "Sentry",
    });
    const again = await tracker.linkUrl("ENG-123", "https://acme.sentry.io/issues/7");
    expect(again.id).toBe(first.id);
    expect(fake.state.attachments).toHaveLength(1);
  });

  it("comments on an issue", async () => {
    const comment = await tracker.addComment("ENG-123", "PR #42 is merged.");
    expect(fake.state.comments).toEqual([
      expect.objectContaining({ id: comment.id, body: "PR #42 is merged." }),
    ]);
    const empty = await tracker.addComment("ENG-123", " ").catch((error: unknown) => error);
    expect(ValidationError.isInstance(empty)).toBe(true);
  });

  it("raises ApiCallError when Linear answers success: false", async () => {
    fake.server.fail({
      json: { data: { commentCreate: { success: false, lastSyncId: 0, comment: null } } },
    });
    const error = await tracker.addComment("ENG-123", "hi").catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ platformCode: "UNSUCCESSFUL" });
  });

  it("finds the issue of a branch: Linear's branch name first, then identifiers", async () => {
    const linearBranch = fake.state.branchName(fake.state.issue("ENG-123"));
    expect(linearBranch).toBe("ada/eng-123-fix-login-redirect");
    await expect(tracker.findIssueForBranch(linearBranch)).resolves.toMatchObject({
      key: "ENG-123",
    });
    // Found by Linear itself; the rest are the directory's lookups (in parallel, any order).
    expect(fake.operations[0]).toBe("issueVcsBranchSearch");
    expect(fake.operations).not.toContain("issue");

    const own = await tracker.findIssueForBranch("refs/heads/feature/ENG-123-redirect");
    expect(own?.key).toBe("ENG-123");
    expect(fake.operations.slice(-2)).toEqual(["issueVcsBranchSearch", "issue"]);

    await expect(tracker.findIssueForBranch("eng-77-nothing")).resolves.toBeUndefined();
    await expect(tracker.findIssueForBranch("dependabot/npm/zod-4.1.0")).resolves.toBeUndefined();
  });
});
