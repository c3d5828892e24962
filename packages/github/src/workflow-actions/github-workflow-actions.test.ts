import { ApiCallError } from "@contexten/core";
import { isRetryableError } from "@contexten/core/adapter";
import { createTestActionContext } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../client/github-client";
import {
  type FakeGitHubServer,
  startFakeGitHubServer,
} from "../testing/fake-github/start-fake-github-server";
import { githubWorkflowActions } from "./github-workflow-actions";
import { idempotencyMarker } from "./idempotency-marker";

let github: FakeGitHubServer;
let client: GitHubClient;
const action = (name: string) => githubWorkflowActions(client).find((item) => item.name === name)!;

beforeEach(async () => {
  github = await startFakeGitHubServer({
    repositories: [
      {
        fullName: "acme/api",
        labels: ["bug"],
        issues: [{ title: "Flaky deploy" }],
        pullRequests: [{ title: "Fix login", head: { ref: "eng-1-fix" } }],
        workflows: [{ path: "deploy.yml" }],
      },
    ],
    rateLimit: false,
    dispatchReturnsRunDetails: true,
  });
  client = createGitHubClient({ token: "test", baseUrl: github.url, env: {} });
});

afterEach(async () => {
  await github.close();
});

describe("githubWorkflowActions", () => {
  it("names the five GitHub actions", () => {
    expect(githubWorkflowActions(client).map((item) => item.name)).toEqual([
      "github.createPullRequest",
      "github.addLabels",
      "github.createComment",
      "github.triggerWorkflow",
      "github.requestReviewers",
    ]);
  });

  it("comments once per step: a retried attempt finds its marker instead of posting again", async () => {
    const comment = action("github.createComment");
    const input = comment.input.parse({ repository: "acme/api", number: 1, body: "Deployed" });
    const context = createTestActionContext({ runId: "run-1", stepId: "comment" });
    const first = await comment.run(input, context);
    const second = await comment.run(input, { ...context, attempt: 2 });
    expect(first).toMatchObject({ reused: false });
    expect(second).toEqual({ ...(first as object), reused: true });
    const other = await comment.run(
      input,
      createTestActionContext({ runId: "run-2", stepId: "comment" }),
    );
    expect(other).toMatchObject({ reused: false });
    const comments = github.state.requireRepository("acme/api").issues.get(1)!.comments;
    expect(comments.map((item) => item.body)).toEqual([
      `Deployed\n\n${idempotencyMarker("run-1:comment")}`,
      `Deployed\n\n${idempotencyMarker("run-2:comment")}`,
    ]);
  });

  it("makes a lost response to a comment retryable, since the retry cannot post twice", async () => {
    github.server.fail(
      { status: 502, json: { message: "Bad gateway" } },
      { method: "POST", path: "/repos/:owner/:repo/issues/:number/comments" },
    );
    const comment = action("github.createComment");
    const input = comment.input.parse({ repository: "acme/api", number: 1, body: "Hi" });
    const error = await Promise.resolve(comment.run(input, createTestActionContext())).catch(
      (caught: unknown) => caught,
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(isRetryableError(error)).toBe(true);
  });

  it("adds labels and requests reviewers, idempotently", async () => {
    const context = createTestActionContext();
    const labels = action("github.addLabels");
    const labelInput = labels.input.parse({
      repository: "acme/api",
      number: 2,
      labels: ["ready", "bug"],
    });
    await labels.run(labelInput, context);
    expect(await labels.run(labelInput, { ...context, attempt: 2 })).toEqual({
      labels: ["ready", "bug"],
    });
    const reviewers = action("github.requestReviewers");
    const reviewerInput = reviewers.input.parse({
      repository: "acme/api",
      number: 2,
      reviewers: ["ada"],
    });
    await reviewers.run(reviewerInput, context);
    expect(await reviewers.run(reviewerInput, context)).toEqual({ requestedReviewers: ["ada"] });
    const pull = github.state.requireRepository("acme/api").pullRequests.get(2)!;
    expect(pull.labels).toEqual(["ready", "bug"]);
    expect(pull.requestedReviewers).toEqual(["ada"]);
  });

  it("opens a pull request once per step", async () => {
    const create = action("github.createPullRequest");
    const input = create.input.parse({
      repository: "acme/api",
      title: "Bump",
      head: "bump",
      base: "main",
      body: "Automated",
    });
    const context = createTestActionContext({ runId: "run-9", stepId: "open" });
    const first = (await create.run(input, context)) as { number: number; reused: boolean };
    const again = await create.run(input, { ...context, attempt: 2 });
    expect(first.reused).toBe(false);
    expect(again).toEqual({ ...first, reused: true });
    const opened = [...github.state.requireRepository("acme/api").pullRequests.values()].filter(
      (pull) => pull.title === "Bump",
    );
    expect(opened).toHaveLength(1);
  });

  it("dispatches a GitHub Actions workflow and returns its run", async () => {
    const trigger = action("github.triggerWorkflow");
    const input = trigger.input.parse({
      repository: "acme/api",
      workflow: "deploy.yml",
      ref: "main",
      inputs: { env: "staging" },
    });
    const output = (await trigger.run(input, createTestActionContext())) as {
      runId: number;
      url: string;
    };
    expect(output.runId).toBeGreaterThan(0);
    expect(output.url).toContain("/actions/runs/");
    const dispatch = github.requests.find((request) => request.path.endsWith("/dispatches"));
    expect(dispatch?.body).toMatchObject({ ref: "main", inputs: { env: "staging" } });
    expect(
      trigger.input.safeParse({ repository: "not a repo", workflow: "x", ref: "main" }).success,
    ).toBe(false);
  });
});
