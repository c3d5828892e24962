import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import {
  firstLine,
  readBoolean,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { buildGitHubEvent } from "./github-event-base";
import { branchRefs, repositoryOf, shaRefs, textRefs } from "./github-refs";
import type { NormalizeInput } from "./normalize-input";

/**
 * `pull_request`: keys of the PR (`github:pr:`, `github:number:`, its URL); refs from the
 * title (evidence `title`), the body (closing words count: GitHub and Linear act on them),
 * the head branch (Linear identifiers and the branch itself, evidence `branch`) and the
 * head sha (and the merge commit once merged). `closed` with `merged: true` becomes
 * `github.pull_request.merged`.
 */
export function normalizePullRequest(input: NormalizeInput): CorrelatedEvent | undefined {
  const pullRequest = readObject(input.payload, "pull_request");
  const repository = repositoryOf(input.payload);
  const number = readNumber(pullRequest, "number");
  if (!pullRequest || !repository || number === undefined) return undefined;
  const merged = input.action === "closed" && readBoolean(pullRequest, "merged") === true;
  const url = readUrl(pullRequest, "html_url");
  const title = readString(pullRequest, "title");
  const headRepository = readString(pullRequest, "head", "repo", "full_name") ?? repository;
  const { merged_at, closed_at, created_at, updated_at } = pullRequest;
  return buildGitHubEvent(input, {
    ...(merged ? { type: "github.pull_request.merged" } : {}),
    subject: {
      kind: "pull_request",
      id:
        readString(pullRequest, "node_id") ??
        readId(pullRequest, "id") ??
        `${repository}#${number}`,
      key: `${repository}#${number}`,
      url,
      title: firstLine(title),
    },
    keys: [
      CorrelationKeys.githubPullRequest(repository, number),
      CorrelationKeys.githubNumber(repository, number),
      url && CorrelationKeys.url(url),
    ],
    refs: [
      ...textRefs(input, title, "pull_request.title", { repository, evidence: "title" }),
      ...textRefs(input, readString(pullRequest, "body"), "pull_request.body", { repository }),
      ...branchRefs(input, readString(pullRequest, "head", "ref"), headRepository, {
        field: "pull_request.head.ref",
      }),
      ...shaRefs(readString(pullRequest, "head", "sha"), "pull_request.head.sha"),
      ...(merged
        ? shaRefs(readString(pullRequest, "merge_commit_sha"), "pull_request.merge_commit_sha")
        : []),
    ],
    occurredAt: merged
      ? [merged_at, closed_at, updated_at]
      : input.action === "closed"
        ? [closed_at, updated_at]
        : input.action === "opened"
          ? [created_at, updated_at]
          : [updated_at, created_at],
  });
}

/**
 * `pull_request_review`: the review's own key; refs to its pull request (evidence
 * `attachment`), the commit reviewed (`sha`), and references in the review body (closing
 * words count as mentions there).
 */
export function normalizePullRequestReview(input: NormalizeInput): CorrelatedEvent | undefined {
  const review = readObject(input.payload, "review");
  const repository = repositoryOf(input.payload);
  const reviewId = readId(review, "id");
  const number = readNumber(input.payload, "pull_request", "number");
  if (!review || !repository || reviewId === undefined || number === undefined) return undefined;
  const url = readUrl(review, "html_url");
  const state = readString(review, "state")?.toLowerCase().replace(/_/g, " ");
  const prTitle = firstLine(readString(input.payload, "pull_request", "title")) ?? `#${number}`;
  return buildGitHubEvent(input, {
    subject: {
      kind: "review",
      id: readString(review, "node_id") ?? reviewId,
      key: `${repository}#${number}`,
      url,
      title: `${state ?? "review"} by ${readString(review, "user", "login") ?? "someone"}: ${prTitle}`,
    },
    keys: [CorrelationKeys.githubObject("review", reviewId), url && CorrelationKeys.url(url)],
    refs: [
      {
        key: CorrelationKeys.githubPullRequest(repository, number),
        evidence: "attachment",
        field: "pull_request",
      },
      ...shaRefs(readString(review, "commit_id"), "review.commit_id"),
      ...textRefs(input, readString(review, "body"), "review.body", {
        repository,
        closing: false,
      }),
    ],
    occurredAt: [review.submitted_at, readObject(input.payload, "pull_request")?.updated_at],
  });
}
