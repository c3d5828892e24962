import { ApiCallError, NotFoundError, ValidationError } from "@contexten/core";
import { afterEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness } from "../__fixtures__/github-harness";
import type { FakeGitHubFile } from "../testing/fake-github/fake-github-model";

let harness: GitHubHarness;
afterEach(() => harness.close());

const files: FakeGitHubFile[] = Array.from({ length: 250 }, (_, index) => ({
  filename: `src/file-${index}.ts`,
  status: "modified",
  additions: index,
  deletions: 1,
}));

async function start() {
  harness = await startGitHubHarness({
    repositories: [
      {
        fullName: "acme/api",
        pullRequests: [
          {
            title: "Fix login redirect",
            body: "Fixes ENG-123",
            head: { ref: "eng-123-fix-login" },
            files,
            requestedReviewers: ["erin"],
            requestedTeams: ["platform"],
            reviews: [
              { user: "alice", state: "APPROVED", submittedAt: 1 },
              { user: "alice", state: "COMMENTED", submittedAt: 2 },
              { user: "bob", state: "CHANGES_REQUESTED", submittedAt: 3 },
              { user: "carol", state: "COMMENTED", submittedAt: 4 },
            ],
          },
        ],
      },
    ],
  });
  return harness.client();
}

describe("GitHubClient operations", () => {
  it("reads a repository and a pull request", async () => {
    const client = await start();
    const repository = await harness.finish(client.getRepository({ owner: "acme", repo: "api" }));
    expect(repository).toMatchObject({ full_name: "acme/api", default_branch: "main" });
    const pullRequest = await harness.finish(client.getPullRequest("acme/api", 1));
    expect(pullRequest).toMatchObject({
      number: 1,
      title: "Fix login redirect",
      head: { ref: "eng-123-fix-login" },
    });
  });

  it("lists every file of a pull request across pages (Link headers)", async () => {
    const client = await start();
    const listed = await harness.finish(client.listPullRequestFiles("acme/api", 1));
    expect(listed).toHaveLength(250);
    expect(listed.map((file) => file.filename)).toEqual(files.map((file) => file.filename));
    const pages = harness.github.requests.map((request) => request.query.page ?? "1");
    expect(pages).toEqual(["1", "2", "3"]);
    expect(harness.github.requests.every((request) => request.query.per_page === "100")).toBe(true);
  });

  it("stops paginating at maxItems / maxPages", async () => {
    const client = await start();
    const first = await harness.finish(
      client.listPullRequestFiles("acme/api", 1, { maxItems: 120 }),
    );
    expect(first).toHaveLength(120);
    expect(harness.github.requests).toHaveLength(2);
    const onePage = await harness.finish(
      client.listPullRequestFiles("acme/api", 1, { maxPages: 1 }),
    );
    expect(onePage).toHaveLength(100);
  });

  it("paginates namespaced lists (search items) and refuses non-lists", async () => {
    const client = await start();
    await harness.finish(client.createComment("acme/api", 1, "first"));
    const items = await harness.finish(
      client.paginateAll("GET /search/issues", { q: "repo:acme/api" }),
    );
    expect(Array.isArray(items)).toBe(true);
    const error = await harness
      .finish(client.paginateAll("GET /repos/{owner}/{repo}", { owner: "acme", repo: "api" }))
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
  });

  it("summarizes reviews: latest deciding review per reviewer, requested reviewers pending", async () => {
    const client = await start();
    const { reviews, summary } = await harness.finish(client.getPullRequestReviews("acme/api", 1));
    expect(reviews).toHaveLength(4);
    expect(summary).toEqual({
      approved: ["alice"],
      changesRequested: ["bob"],
      commented: ["carol"],
      pendingReviewers: ["erin", "@platform"],
      decision: "changes_requested",
    });
  });

  it("creates a pull request and comments on it", async () => {
    const client = await start();
    const created = await harness.finish(
      client.createPullRequest({
        repository: "acme/api",
        title: "Add retries",
        body: "Refs ENG-7",
        head: "eng-7-retries",
        base: "main",
        draft: true,
      }),
    );
    expect(created).toMatchObject({ number: 2, draft: true, head: { ref: "eng-7-retries" } });
    const comment = await harness.finish(
      client.createComment("acme/api", created.number, "Ready soon"),
    );
    expect(comment.body).toBe("Ready soon");
    await harness.finish(client.createComment("acme/api", created.number, "Ready now"));
    const comments = await harness.finish(client.listComments("acme/api", created.number));
    expect(comments.map((entry) => entry.body)).toEqual(["Ready soon", "Ready now"]);
    expect(
      harness.github.state.requireRepository("acme/api").pullRequests.get(2)!.comments,
    ).toHaveLength(2);
  });

  it("turns failures into core errors", async () => {
    const client = await start();
    const missing = await harness
      .finish(client.getPullRequest("acme/api", 99))
      .catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(missing)).toBe(true);
    expect((missing as NotFoundError).id).toBe("acme/api#99");

    const invalid = await harness
      .finish(
        client.createPullRequest({ repository: "acme/api", title: "", head: "x", base: "main" }),
      )
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(invalid)).toBe(true);
    expect((invalid as ApiCallError).status).toBe(422);
    expect((invalid as ApiCallError).isRetryable).toBe(false);
    expect((invalid as Error).message).toContain("Validation Failed");

    expect(() => client.getRepository("not a repo")).toThrowError(/owner\/repo/);
  });

  it("explains rejected credentials", async () => {
    harness = await startGitHubHarness({
      repositories: [{ fullName: "acme/api" }],
      tokens: ["good"],
    });
    const client = harness.client({ token: "bad" });
    const error = await harness
      .finish(client.getRepository("acme/api"))
      .catch((caught: unknown) => caught);
    expect((error as ApiCallError).status).toBe(401);
    expect((error as Error).message).toContain("GITHUB_TOKEN");
    const result = await harness.finish(client.authenticate());
    expect(result.authenticated).toBe(false);
    expect(result.message).toContain("Bad credentials");
  });
});
