import { type CorrelatedEvent, CorrelationKeys, extractBranchReferences } from "@contexten/core";
import type { CommentFields, PullRequestFields } from "../github-payload";
import {
  buildEvent,
  firstLine,
  repositoryOf,
  shaRefs,
  subject,
  text,
  textRefs,
  webUrl,
} from "./build-event";
import { extractionOptions, type NormalizeInput } from "./normalize-input";

/** A pull request's own keys: `github:pr:`, `github:number:` and its URL. */
function pullRequestKeys(repository: string, pullRequest: PullRequestFields): string[] {
  const number = pullRequest.number!;
  const url = webUrl(pullRequest.html_url);
  return [
    CorrelationKeys.githubPullRequest(repository, number),
    CorrelationKeys.githubNumber(repository, number),
    ...(url ? [CorrelationKeys.url(url)] : []),
  ];
}

/**
 * `pull_request`: keys of the PR; refs from the title (evidence `title`), the body
 * (closing words count: GitHub and Linear act on them), the head branch (Linear
 * identifiers and the branch itself, evidence `branch`) and the head sha (and the merge
 * commit once merged). `closed` with `merged: true` becomes `github.pull_request.merged`.
 */
export function normalizePullRequest(input: NormalizeInput): CorrelatedEvent | undefined {
  const pullRequest = input.payload.pull_request as PullRequestFields | undefined;
  const repository = repositoryOf(input.payload);
  if (!repository || typeof pullRequest?.number !== "number") return undefined;
  const merged = input.action === "closed" && pullRequest.merged === true;
  const headRef = text(pullRequest.head?.ref);
  const headRepository = text(pullRequest.head?.repo?.full_name) ?? repository;
  return buildEvent(input, {
    ...(merged ? { type: "github.pull_request.merged" } : {}),
    subject: subject({
      kind: "pull_request",
      id:
        text(pullRequest.node_id) ??
        String(pullRequest.id ?? `${repository}#${pullRequest.number}`),
      key: `${repository}#${pullRequest.number}`,
      url: webUrl(pullRequest.html_url),
      title: firstLine(pullRequest.title),
    }),
    keys: pullRequestKeys(repository, pullRequest),
    refs: [
      ...textRefs(input, pullRequest.title, "pull_request.title", {
        repository,
        evidence: "title",
      }),
      ...textRefs(input, pullRequest.body, "pull_request.body", { repository }),
      ...(headRef
        ? extractBranchReferences(headRef, headRepository, {
            ...extractionOptions(input.references),
            field: "pull_request.head.ref",
          })
        : []),
      ...shaRefs(pullRequest.head?.sha, "pull_request.head.sha"),
      ...(merged ? shaRefs(pullRequest.merge_commit_sha, "pull_request.merge_commit_sha") : []),
    ],
    occurredAt: merged
      ? [pullRequest.merged_at, pullRequest.closed_at, pullRequest.updated_at]
      : input.action === "closed"
        ? [pullRequest.closed_at, pullRequest.updated_at]
        : input.action === "opened"
          ? [pullRequest.created_at, pullRequest.updated_at]
          : [pullRequest.updated_at, pullRequest.created_at],
  });
}

/**
 * `pull_request_review`: the review's own key; refs to its pull request (evidence
 * `attachment`), the commit reviewed (`sha`), and references in the review body (closing
 * words count as mentions there).
 */
export function normalizePullRequestReview(input: NormalizeInput): CorrelatedEvent | undefined {
  const review = input.payload.review as CommentFields | undefined;
  const pullRequest = input.payload.pull_request as PullRequestFields | undefined;
  const repository = repositoryOf(input.payload);
  if (!repository || typeof review?.id !== "number" || typeof pullRequest?.number !== "number") {
    return undefined;
  }
  const url = webUrl(review.html_url);
  const state = text(review.state)?.toLowerCase().replace(/_/g, " ");
  return buildEvent(input, {
    subject: subject({
      kind: "review",
      id: text(review.node_id) ?? String(review.id),
      key: `${repository}#${pullRequest.number}`,
      url,
      title: `${state ?? "review"} by ${text(review.user?.login) ?? "someone"}: ${firstLine(pullRequest.title) ?? `#${pullRequest.number}`}`,
    }),
    keys: [
      CorrelationKeys.githubObject("review", review.id),
      ...(url ? [CorrelationKeys.url(url)] : []),
    ],
    refs: [
      {
        key: CorrelationKeys.githubPullRequest(repository, pullRequest.number),
        evidence: "attachment",
        field: "pull_request",
      },
      ...shaRefs(review.commit_id, "review.commit_id"),
      ...textRefs(input, review.body, "review.body", { repository, closing: false }),
    ],
    occurredAt: [review.submitted_at, pullRequest.updated_at],
  });
}
