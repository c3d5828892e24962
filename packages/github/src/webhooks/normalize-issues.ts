import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import {
  firstLine,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
  readValue,
} from "@contexten/core/adapter";
import { buildGitHubEvent } from "./github-event-base";
import { repositoryOf, textRefs } from "./github-refs";
import type { NormalizeInput } from "./normalize-input";

/**
 * `issues`: the issue's keys (`github:issue:`, `github:number:`, its URL); refs from its
 * title and body. Closing words in an issue do not close anything, so they count as
 * plain mentions.
 */
export function normalizeIssue(input: NormalizeInput): CorrelatedEvent | undefined {
  const issue = readObject(input.payload, "issue");
  const repository = repositoryOf(input.payload);
  const number = readNumber(issue, "number");
  if (!issue || !repository || number === undefined) return undefined;
  const url = readUrl(issue, "html_url");
  const title = readString(issue, "title");
  return buildGitHubEvent(input, {
    subject: {
      kind: "issue",
      id: readString(issue, "node_id") ?? readId(issue, "id") ?? `${repository}#${number}`,
      key: `${repository}#${number}`,
      url,
      title: firstLine(title),
    },
    keys: [
      CorrelationKeys.githubIssue(repository, number),
      CorrelationKeys.githubNumber(repository, number),
      url && CorrelationKeys.url(url),
    ],
    refs: [
      ...textRefs(input, title, "issue.title", { repository, evidence: "title", closing: false }),
      ...textRefs(input, readString(issue, "body"), "issue.body", { repository, closing: false }),
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
  const comment = readObject(input.payload, "comment");
  const repository = repositoryOf(input.payload);
  const commentId = readId(comment, "id");
  const number = readNumber(input.payload, "issue", "number");
  if (!comment || !repository || commentId === undefined || number === undefined) {
    return undefined;
  }
  const pullRequest = readValue(input.payload, "issue", "pull_request");
  const onPullRequest = pullRequest !== undefined && pullRequest !== null;
  const url = readUrl(comment, "html_url");
  const body = readString(comment, "body");
  return buildGitHubEvent(input, {
    subject: {
      kind: "comment",
      id: readString(comment, "node_id") ?? commentId,
      key: `${repository}#${number}`,
      url,
      title: firstLine(body),
    },
    keys: [
      CorrelationKeys.githubObject("issue-comment", commentId),
      url && CorrelationKeys.url(url),
    ],
    refs: [
      {
        key: onPullRequest
          ? CorrelationKeys.githubPullRequest(repository, number)
          : CorrelationKeys.githubIssue(repository, number),
        evidence: "attachment",
        field: "issue",
      },
      ...textRefs(input, body, "comment.body", { repository, closing: false }),
    ],
    occurredAt:
      input.action === "created"
        ? [comment.created_at, comment.updated_at]
        : [comment.updated_at, comment.created_at],
  });
}
