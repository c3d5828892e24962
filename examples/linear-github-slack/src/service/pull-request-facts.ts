import type { CorrelatedEvent } from "@contexten/core";

/** What the reactions need to know about a pull request event. */
export interface PullRequestFacts {
  /** `acme/api#42`. */
  key: string;
  /** `acme/api`. */
  repository: string;
  /** PR number. */
  number: number;
  /** Title. */
  title: string;
  /** Link to the PR. */
  url: string;
  /** Author login. */
  author: string;
  /** Head branch. */
  branch: string;
  /** Who merged it, when it is merged. */
  mergedBy: string | undefined;
  /** Linear identifiers the PR references (closing word, branch, title or body), strongest first. */
  linearIssues: string[];
}

const LINEAR_ISSUE_KEY = "linear:issue:";
/** Evidence strong enough to say "this PR works on that issue" (not a passing URL). */
const LINKING_EVIDENCE = new Set(["closes", "branch", "title", "body", "mentions"]);

/** Reads a pull request event's payload (GitHub's shape) into {@link PullRequestFacts}. */
export function readPullRequestFacts(event: CorrelatedEvent): PullRequestFacts | undefined {
  const payload = event.payload as {
    pull_request?: {
      number?: number;
      title?: string;
      html_url?: string;
      user?: { login?: string };
      head?: { ref?: string };
      merged_by?: { login?: string } | null;
    };
    repository?: { full_name?: string };
  };
  const pullRequest = payload.pull_request;
  const repository = payload.repository?.full_name;
  if (!pullRequest?.number || !repository) return undefined;
  const linearIssues = [
    ...new Set(
      event.refs
        .filter((ref) => ref.key.startsWith(LINEAR_ISSUE_KEY) && LINKING_EVIDENCE.has(ref.evidence))
        .map((ref) => ref.key.slice(LINEAR_ISSUE_KEY.length)),
    ),
  ];
  return {
    key: `${repository}#${pullRequest.number}`,
    repository,
    number: pullRequest.number,
    title: pullRequest.title ?? "",
    url: pullRequest.html_url ?? event.subject.url ?? "",
    author: pullRequest.user?.login ?? "someone",
    branch: pullRequest.head?.ref ?? "",
    mergedBy: pullRequest.merged_by?.login ?? undefined,
    linearIssues,
  };
}
