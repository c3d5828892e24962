import { type AnyWorkflowAction, defineWorkflowAction } from "@contexten/core";
import { z } from "zod";
import type { GitHubClient } from "../client/github-client";
import { toRepositoryRef } from "../client/repository-ref";
import { hasIdempotencyMarker, withIdempotencyMarker } from "./idempotency-marker";
import { retryableForIdempotentAction } from "./retry-safety";

const repository = z
  .string()
  .regex(/^[\w.-]+\/[\w.-]+$/, 'repository must be "owner/repo"')
  .describe("owner/repo");
const number = z.number().int().positive();

/**
 * `github.createComment`: comments on an issue or pull request. The body carries a hidden
 * marker with the step's idempotency key, and the conversation is read for it first, so a
 * retried step returns the comment an earlier attempt posted instead of posting twice.
 * Output: `{ id, url, reused }`.
 */
export function createCommentAction(client: GitHubClient) {
  return defineWorkflowAction({
    name: "github.createComment",
    description: "Comment on an issue or pull request (once per step, even when retried).",
    input: z.object({ repository, number, body: z.string().min(1) }),
    async run(input, context) {
      const existing = (await client.listComments(input.repository, input.number)).find((comment) =>
        hasIdempotencyMarker(comment.body, context.idempotencyKey),
      );
      if (existing) return { id: existing.id, url: existing.html_url, reused: true };
      const comment = await client
        .createComment(
          input.repository,
          input.number,
          withIdempotencyMarker(input.body, context.idempotencyKey),
        )
        .catch((error: unknown) => Promise.reject(retryableForIdempotentAction(error)));
      return { id: comment.id, url: comment.html_url, reused: false };
    },
  });
}

/**
 * `github.addLabels`: adds labels to an issue or pull request (adding a label twice is a
 * no-op on GitHub, so retries are safe). Output: `{ labels }`, every label now on it.
 */
export function addLabelsAction(client: GitHubClient) {
  return defineWorkflowAction({
    name: "github.addLabels",
    description: "Add labels to an issue or pull request.",
    input: z.object({ repository, number, labels: z.array(z.string().min(1)).min(1) }),
    async run(input) {
      const { owner, repo } = toRepositoryRef(input.repository);
      const labels = await client
        .data("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
          owner,
          repo,
          issue_number: input.number,
          labels: input.labels,
        })
        .catch((error: unknown) => Promise.reject(retryableForIdempotentAction(error)));
      return { labels: labels.map((label) => label.name) };
    },
  });
}

/**
 * `github.requestReviewers`: asks people to review a pull request (requesting someone
 * already requested is a no-op). Output: `{ requestedReviewers }`.
 */
export function requestReviewersAction(client: GitHubClient) {
  return defineWorkflowAction({
    name: "github.requestReviewers",
    description: "Request reviewers on a pull request.",
    input: z.object({ repository, number, reviewers: z.array(z.string().min(1)).min(1) }),
    async run(input) {
      const { owner, repo } = toRepositoryRef(input.repository);
      const pull = await client
        .data("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
          owner,
          repo,
          pull_number: input.number,
          reviewers: input.reviewers,
        })
        .catch((error: unknown) => Promise.reject(retryableForIdempotentAction(error)));
      return { requestedReviewers: (pull.requested_reviewers ?? []).map((user) => user.login) };
    },
  });
}

/**
 * `github.createPullRequest`: opens a pull request whose body carries the step's
 * idempotency marker; the open pull requests from `head` are checked for it first, so a
 * retried step returns the one an earlier attempt opened. Output: `{ number, url, reused }`.
 */
export function createPullRequestAction(client: GitHubClient) {
  return defineWorkflowAction({
    name: "github.createPullRequest",
    description: "Open a pull request (once per step, even when retried).",
    input: z.object({
      repository,
      title: z.string().min(1),
      head: z.string().min(1),
      base: z.string().min(1),
      body: z.string().default(""),
      draft: z.boolean().optional(),
    }),
    async run(input, context) {
      const { owner, repo } = toRepositoryRef(input.repository);
      const branch = input.head.includes(":") ? input.head : `${owner}:${input.head}`;
      const open = await client.paginateAll("GET /repos/{owner}/{repo}/pulls", {
        owner,
        repo,
        state: "open",
        head: branch,
      });
      const existing = open.find((pull) => hasIdempotencyMarker(pull.body, context.idempotencyKey));
      if (existing) return { number: existing.number, url: existing.html_url, reused: true };
      const pull = await client
        .createPullRequest({
          repository: input.repository,
          title: input.title,
          head: input.head,
          base: input.base,
          body: withIdempotencyMarker(input.body, context.idempotencyKey),
          ...(input.draft === undefined ? {} : { draft: input.draft }),
        })
        .catch((error: unknown) => Promise.reject(retryableForIdempotentAction(error)));
      return { number: pull.number, url: pull.html_url, reused: false };
    },
  });
}

/**
 * `github.triggerWorkflow`: runs a `workflow_dispatch` GitHub Actions workflow on `ref`
 * (default: the repository's default branch) and waits for its run to appear. GitHub has no idempotency key for dispatches: a failure after the
 * request may have reached GitHub is not retried (the client marks it so), and the step's
 * key is passed as the input `inputs.contexten_idempotency_key` only when you add it to
 * `inputs` yourself (`"{{run.id}}"`), for workflows that declare it. Output: `{ runId, url, status }`.
 */
export function triggerWorkflowAction(client: GitHubClient) {
  return defineWorkflowAction({
    name: "github.triggerWorkflow",
    description: "Dispatch a GitHub Actions workflow and wait for its run to appear.",
    input: z.object({
      repository,
      workflow: z.union([z.string().min(1), z.number().int().positive()]),
      ref: z.string().min(1).optional(),
      inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      timeoutSeconds: z.number().positive().optional(),
    }),
    async run(input, context) {
      const ref = input.ref ?? (await client.getRepository(input.repository)).default_branch;
      const run = await client.triggerWorkflow({
        repository: input.repository,
        workflow: input.workflow,
        ref,
        signal: context.signal,
        ...(input.inputs ? { inputs: input.inputs } : {}),
        ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
      });
      return { runId: run.id, url: run.html_url, status: run.status };
    },
  });
}

/**
 * The GitHub actions of a workflow engine, built around one client:
 * `github.createPullRequest`, `github.addLabels`, `github.createComment`,
 * `github.triggerWorkflow` and `github.requestReviewers`.
 *
 * @example
 * ```ts
 * createWorkflowEngine({ …, actions: [...githubWorkflowActions(github)] });
 * ```
 */
export function githubWorkflowActions(client: GitHubClient): AnyWorkflowAction[] {
  return [
    createPullRequestAction(client),
    addLabelsAction(client),
    createCommentAction(client),
    triggerWorkflowAction(client),
    requestReviewersAction(client),
  ];
}
