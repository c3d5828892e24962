import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import type { CommentFields, IssueFields } from "../github-payload";
import {
  buildEvent,
  firstLine,
  repositoryOf,
  subject,
  text,
  textRefs,
  webUrl,
} from "./build-event";
import type { NormalizeInput } from "./normalize-input";

/**
 * `issues`: the issue's keys (`github:issue:`, `github:number:`, its URL); refs from its
 * title and body. Closing words in an issue do not close anything, so they count as
 * plain mentions.
 */
export function normalizeIssue(input: NormalizeInput): CorrelatedEvent | undefined {
  const issue = input.payload.issue as IssueFields | undefined;
  const repository = repositoryOf(input.payload);
  if (!repository || typeof issue?.number !== "number") return undefined;
  const url = webUrl(issue.html_url);
  return buildEvent(input, {
    subject: subject({
      kind: "issue",
      id: text(issue.node_id) ?? String(issue.id ?? `${repository}#${issue.number}`),
      key: `${repository}#${issue.number}`,
      url,
      title: firstLine(issue.title),
    }),
    keys: [
      CorrelationKeys.githubIssue(repository, issue.number),
      CorrelationKeys.githubNumber(repository, issue.number),
      ...(url ? [CorrelationKeys.url(url)] : []),
    ],
    refs: [
      ...textRefs(input, issue.title, "issue.title", {
        repository,
        evidence: "title",
        closing: false,
      }),
      ...textRefs(input, issue.body, "issue.body", { repository, closing: false }),
    ],
    occurredAt:
      input.action === "opened"
        ? [issue.created_at, issue.updated_at]
        : input.action === "closed"
          ? [issue.closed_at, issue.updated_at]
          : [issue.updated_at, issue.created_at],
  });
}

/**
 * `issue_comment`: the comment's own key; refs to the issue or pull request it is on
 * (evidence `attachment`) and to what its body mentions.
 */
export function normalizeIssueComment(input: NormalizeInput): CorrelatedEvent | undefined {
  const comment = input.payload.comment as CommentFields | undefined;
  const issue = input.payload.issue as IssueFields | undefined;
  const repository = repositoryOf(input.payload);
  if (!repository || typeof comment?.id !== "number" || typeof issue?.number !== "number") {
    return undefined;
  }
  const onPullRequest = issue.pull_request !== undefined && issue.pull_request !== null;
  const url = webUrl(comment.html_url);
  return buildEvent(input, {
    subject: subject({
      kind: "comment",
      id: text(comment.node_id) ?? String(comment.id),
      key: `${repository}#${issue.number}`,
      url,
      title: firstLine(comment.body),
    }),
    keys: [
      CorrelationKeys.githubObject("issue-comment", comment.id),
      ...(url ? [CorrelationKeys.url(url)] : []),
    ],
    refs: [
      {
        key: onPullRequest
          ? CorrelationKeys.githubPullRequest(repository, issue.number)
          : CorrelationKeys.githubIssue(repository, issue.number),
        evidence: "attachment",
        field: "issue",
      },
      ...textRefs(input, comment.body, "comment.body", { repository, closing: false }),
    ],
    occurredAt:
      input.action === "created"
        ? [comment.created_at, comment.updated_at]
        : [comment.updated_at, comment.created_at],
  });
}
