/**
 * The fields of GitHub webhook payloads that the normalizers read. Every field is optional
 * and nullable: payloads differ between events, GitHub versions and GitHub Enterprise, and
 * a missing field must never make a delivery fail. (Handlers get the precise types from
 * `@octokit/openapi-webhooks-types`; see `GitHubWebhookPayloadMap`.)
 */

/** A webhook body: any JSON object. */
export type GitHubWebhookBody = Record<string, unknown>;

/** `repository` in a payload. */
export interface RepositoryFields {
  full_name?: string | null;
  html_url?: string | null;
  pushed_at?: number | string | null;
}

/** A user (`sender`, `user`, `actor`). */
export interface UserFields {
  login?: string | null;
}

/** A pull request as webhooks send it (also `pull_request` in reviews and comments). */
export interface PullRequestFields {
  id?: number | null;
  node_id?: string | null;
  number?: number | null;
  title?: string | null;
  body?: string | null;
  html_url?: string | null;
  state?: string | null;
  merged?: boolean | null;
  merge_commit_sha?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  closed_at?: string | null;
  merged_at?: string | null;
  head?: { ref?: string | null; sha?: string | null; repo?: RepositoryFields | null } | null;
}

/** An entry of `pull_requests` in check runs, check suites and workflow runs. */
export interface LinkedPullRequestFields {
  number?: number | null;
  base?: { repo?: { url?: string | null } | null } | null;
}

/** A commit of a push. */
export interface CommitFields {
  id?: string | null;
  message?: string | null;
  timestamp?: string | null;
}

/** An issue (also `issue` in issue comments; a pull request's conversation has `pull_request`). */
export interface IssueFields {
  id?: number | null;
  node_id?: string | null;
  number?: number | null;
  title?: string | null;
  body?: string | null;
  html_url?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  closed_at?: string | null;
  pull_request?: unknown;
}

/** A comment or review body. */
export interface CommentFields {
  id?: number | null;
  node_id?: string | null;
  body?: string | null;
  html_url?: string | null;
  state?: string | null;
  commit_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  submitted_at?: string | null;
  user?: UserFields | null;
}

/** A check run, check suite, workflow run or workflow job. */
export interface CiFields {
  id?: number | null;
  node_id?: string | null;
  name?: string | null;
  html_url?: string | null;
  head_sha?: string | null;
  head_branch?: string | null;
  status?: string | null;
  conclusion?: string | null;
  run_number?: number | null;
  run_id?: number | null;
  check_suite_id?: number | null;
  created_at?: string | null;
  updated_at?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  pull_requests?: LinkedPullRequestFields[] | null;
  check_suite?: CiFields | null;
  head_repository?: RepositoryFields | null;
}
