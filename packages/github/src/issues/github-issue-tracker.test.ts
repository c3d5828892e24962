import { NotFoundError, ValidationError } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness } from "../__fixtures__/github-harness";
import { createGitHubIssueTracker, type GitHubIssueTracker } from "./github-issue-tracker";

let harness: GitHubHarness;
let tracker: GitHubIssueTracker;
beforeEach(async () => {
  harness = await startGitHubHarness({
    repositories: [
      {
        fullName: "acme/api",
        labels: ["bug", "Needs Triage"],
        issues: [
          {
            title: "Flaky deploy",
            body: "Fails on Mondays",
            labels: ["bug"],
            assignees: ["alice"],
          },
          { title: "Old idea", state: "closed", stateReason: "not_planned" },
        ],
      },
      { fullName: "acme/web", issues: [{ title: "Flaky deploy in web" }] },
    ],
  });
  tracker = createGitHubIssueTracker({ client: harness.client({ defaultRepository: "acme/api" }) });
});
afterEach(() => harness.close());

describe("GitHubIssueTracker", () => {
  it("maps a GitHub issue to a UnifiedIssue", async () => {
    const issue = await harness.finish(tracker.getIssue("acme/api#1"));
    expect(issue).toMatchObject({
      id: "acme/api#1",
      key: "acme/api#1",
      platform: "github",
      url: "https://github.com/acme/api/issues/1",
      title: "Flaky deploy",
      description: "Fails on Mondays",
      status: { category: "todo", native: { name: "open" } },
      priority: "none",
      labels: ["bug"],
      assignees: ["alice"],
      platformSpecific: {
        repository: "acme/api",
        number: 1,
        stateReason: null,
        isPullRequest: false,
      },
    });
    const closed = await harness.finish(tracker.getIssue("acme/api#2"));
    expect(closed.status).toEqual({
      category: "canceled",
      native: { name: "closed (not_planned)" },
    });
  });

  it("reads an issue by number, #number, key or URL", async () => {
    for (const id of ["1", "#1", "acme/api#1", "https://github.com/acme/api/issues/1"]) {
      expect((await harness.finish(tracker.getIssue(id))).key).toBe("acme/api#1");
    }
    expect((await harness.finish(tracker.getIssue("acme/web#1"))).title).toBe(
      "Flaky deploy in web",
    );
  });

  it("refuses ids it cannot read, and unknown issues are NotFoundError", async () => {
    await expect(harness.finish(tracker.getIssue("ENG-123"))).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    const withoutDefault = createGitHubIssueTracker({ client: harness.client() });
    await expect(harness.finish(withoutDefault.getIssue("7"))).rejects.toThrowError(
      /defaultRepository/,
    );
    await expect(harness.finish(tracker.getIssue("acme/api#404"))).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
  });

  it("sets state_reason when moving to done or canceled, and reopens", async () => {
    const canceled = await harness.finish(
      tracker.updateIssue("acme/api#1", { status: "canceled" }),
    );
    expect(canceled.status.category).toBe("canceled");
    expect(harness.github.requests.at(-1)!.body).toEqual({
      state: "closed",
      state_reason: "not_planned",
    });
    const done = await harness.finish(tracker.updateIssue("acme/api#1", { status: "done" }));
    expect(done.status).toEqual({ category: "done", native: { name: "closed (completed)" } });
    const reopened = await harness.finish(
      tracker.updateIssue("acme/api#1", { status: "in_progress" }),
    );
    expect(reopened.status.category).toBe("todo");
    const native = await harness.finish(
      tracker.updateIssue("acme/api#1", { status: { native: "not_planned" } }),
    );
    expect(native.status.category).toBe("canceled");
    await expect(
      harness.finish(tracker.updateIssue("acme/api#1", { status: { native: "In Review" } })),
    ).rejects.toSatisfy(ValidationError.isInstance);
  });

  it("uses the repository's spelling of labels and refuses labels it lacks", async () => {
    const updated = await harness.finish(
      tracker.updateIssue("acme/api#1", { labels: ["needs triage"] }),
    );
    expect(updated.labels).toEqual(["Needs Triage"]);
    const error = await harness
      .finish(tracker.createIssue({ title: "x", labels: ["nope"] }))
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"nope"');
    expect(harness.github.state.requireRepository("acme/api").issues.size).toBe(2);
  });

  it("creates in the default repository, and asks for one when there is none", async () => {
    const created = await harness.finish(
      tracker.createIssue({ title: "New", description: "Body", priority: "urgent" }),
    );
    expect(created).toMatchObject({ key: "acme/api#3", description: "Body", priority: "none" });
    const withoutDefault = createGitHubIssueTracker({ client: harness.client() });
    await expect(harness.finish(withoutDefault.createIssue({ title: "x" }))).rejects.toThrowError(
      /container/,
    );
  });

  it("searches through the search API and its own budget, filtering by status, label and assignee", async () => {
    const found = await harness.finish(tracker.searchIssues("flaky"));
    expect(found.map((issue) => issue.key)).toEqual(["acme/api#1"]);
    const search = harness.github.requests.at(-1)!;
    expect(search.path).toBe("/search/issues");
    expect(search.query.q).toBe("flaky is:issue repo:acme/api");
    const searchBudget = await tracker.client.limiter.getRemaining("github", "search");
    expect(searchBudget.buckets.find((bucket) => bucket.name === "search")!.remaining).toBeLessThan(
      27,
    );

    const canceled = await harness.finish(tracker.searchIssues("", { status: ["canceled"] }));
    expect(canceled.map((issue) => issue.key)).toEqual(["acme/api#2"]);
    expect(harness.github.requests.at(-1)!.query.q).toBe(
      'is:issue repo:acme/api is:closed reason:"not planned"',
    );
    const everywhere = await harness.finish(
      tracker.searchIssues("deploy", { container: "acme/web", labels: [], assignee: undefined }),
    );
    expect(everywhere.map((issue) => issue.key)).toEqual(["acme/web#1"]);
    const mine = await harness.finish(
      tracker.searchIssues("", { assignee: "alice", labels: ["bug"] }),
    );
    expect(mine.map((issue) => issue.key)).toEqual(["acme/api#1"]);
    await expect(harness.finish(tracker.searchIssues("x", { limit: 0 }))).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });
});
