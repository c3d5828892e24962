import {
  type IssueStatus,
  type IssueStatusCategory,
  type IssueUpdate,
  type UnifiedIssue,
  ValidationError,
} from "@contexten/core";
import type { GitHubIssue } from "../client/github-types";

/** GitHub's state of an issue as `PATCH /repos/{owner}/{repo}/issues/{n}` takes it. */
export interface GitHubIssueState {
  /** `open` or `closed`. */
  state: "open" | "closed";
  /** Why it was closed; omitted when opening. */
  state_reason?: "completed" | "not_planned";
}

/** Native status names {@link toGitHubState} accepts, with the state each means. */
const NATIVE_STATES: Readonly<Record<string, GitHubIssueState>> = {
  open: { state: "open" },
  reopened: { state: "open" },
  closed: { state: "closed", state_reason: "completed" },
  completed: { state: "closed", state_reason: "completed" },
  "closed (completed)": { state: "closed", state_reason: "completed" },
  not_planned: { state: "closed", state_reason: "not_planned" },
  "not planned": { state: "closed", state_reason: "not_planned" },
  "closed (not_planned)": { state: "closed", state_reason: "not_planned" },
};

/**
 * GitHub's two states and `state_reason` as a normalized status: open → `todo`; closed as
 * `not_planned` → `canceled`; closed otherwise (`completed`, or no reason) → `done`. The
 * native name is `open`, `closed (completed)`, `closed (not_planned)` or `closed`.
 */
export function githubIssueStatus(
  state: string,
  stateReason: string | null | undefined,
): IssueStatus {
  if (state !== "closed") return { category: "todo", native: { name: "open" } };
  if (stateReason === "not_planned") {
    return { category: "canceled", native: { name: "closed (not_planned)" } };
  }
  return {
    category: "done",
    native: { name: stateReason ? `closed (${stateReason})` : "closed" },
  };
}

/**
 * A status update in GitHub's terms: `done` closes as completed, `canceled` closes as not
 * planned, `backlog` / `todo` / `in_progress` open (GitHub has no finer open states); a
 * native name may be `open`, `closed`, `completed`, `not_planned` or a name this adapter
 * returned (`closed (not_planned)`). Throws `ValidationError` for anything else.
 */
export function toGitHubState(status: NonNullable<IssueUpdate["status"]>): GitHubIssueState {
  if (typeof status === "string") {
    const byCategory: Record<IssueStatusCategory, GitHubIssueState> = {
      backlog: { state: "open" },
      todo: { state: "open" },
      in_progress: { state: "open" },
      done: { state: "closed", state_reason: "completed" },
      canceled: { state: "closed", state_reason: "not_planned" },
    };
    const mapped = byCategory[status];
    if (mapped) return mapped;
  } else {
    const mapped = NATIVE_STATES[status.native.trim().toLowerCase()];
    if (mapped) return mapped;
  }
  throw new ValidationError({
    platform: "github",
    message: `GitHub issues cannot take status ${JSON.stringify(status)}: use a category (todo, done, canceled, …) or a native state (${Object.keys(NATIVE_STATES).join(", ")}).`,
  });
}

/** `owner/repo` from an issue's `repository_url` or `html_url`. */
export function repositoryOfIssue(issue: Pick<GitHubIssue, "repository_url" | "html_url">): string {
  const api = /\/repos\/([^/]+\/[^/?#]+)$/.exec(issue.repository_url ?? "");
  if (api) return api[1]!;
  const [owner, repo] = new URL(issue.html_url).pathname.split("/").filter(Boolean);
  return `${owner}/${repo}`;
}

/**
 * A GitHub issue as a `UnifiedIssue`: id and key `owner/repo#n` (GitHub's REST API reads
 * issues by repository and number, so that is the id `getIssue` takes back), status from
 * state and `state_reason`, label names, assignee logins, priority `none` (GitHub has
 * none), and the rest in `platformSpecific`.
 */
export function toUnifiedIssue(issue: GitHubIssue): UnifiedIssue {
  const repository = repositoryOfIssue(issue);
  const key = `${repository}#${issue.number}`;
  return {
    id: key,
    platform: "github",
    key,
    url: issue.html_url,
    title: issue.title,
    description: issue.body ?? "",
    status: githubIssueStatus(issue.state, issue.state_reason),
    priority: "none",
    assignees: (issue.assignees ?? []).map((user) => user.login),
    labels: issue.labels
      .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
      .filter(Boolean),
    createdAt: new Date(issue.created_at),
    updatedAt: new Date(issue.updated_at),
    platformSpecific: {
      repository,
      number: issue.number,
      nodeId: issue.node_id,
      databaseId: Number(issue.id),
      stateReason: issue.state_reason ?? null,
      author: issue.user?.login ?? null,
      closedAt: issue.closed_at,
      isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
      ...(issue.milestone ? { milestone: issue.milestone.title } : {}),
    },
  };
}

/** What GitHub's create and update endpoints take. */
export interface GitHubIssueFields {
  /** Title. */
  title?: string;
  /** Markdown body. */
  body?: string;
  /** Label names (replace the set). */
  labels?: string[];
  /** Assignee logins (replace the set). */
  assignees?: string[];
  /** `open` or `closed`. */
  state?: "open" | "closed";
  /** Why it was closed. */
  state_reason?: "completed" | "not_planned";
}

/**
 * The other direction: the fields of a
 * `UnifiedIssue` or an `IssueUpdate` as GitHub's issue endpoints take them. Absent fields
 * stay absent; priority is dropped (GitHub has none).
 */
export function toGitHubIssueFields(
  issue: Partial<Pick<UnifiedIssue, "title" | "description" | "labels" | "assignees">> & {
    status?: IssueUpdate["status"] | IssueStatus;
  },
): GitHubIssueFields {
  const status =
    issue.status === undefined
      ? undefined
      : typeof issue.status === "object" && "category" in issue.status
        ? toGitHubState(issue.status.category)
        : toGitHubState(issue.status);
  return {
    ...(issue.title === undefined ? {} : { title: issue.title }),
    ...(issue.description === undefined ? {} : { body: issue.description }),
    ...(issue.labels === undefined ? {} : { labels: issue.labels }),
    ...(issue.assignees === undefined ? {} : { assignees: issue.assignees }),
    ...(status ?? {}),
  };
}
