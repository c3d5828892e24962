/** A user or bot account of the fake GitHub. */
export interface FakeGitHubUser {
  /** Login. */
  login: string;
  /** Numeric id. */
  id: number;
  /** `User` or `Bot`. */
  type: "User" | "Bot";
}

/** An issue comment (issues and pull requests share them). */
export interface FakeGitHubComment {
  /** Comment id. */
  id: number;
  /** Markdown body. */
  body: string;
  /** Author login. */
  user: string;
  /** Created, epoch ms. */
  createdAt: number;
  /** Last updated, epoch ms. */
  updatedAt: number;
}

/** An issue. Pull requests have their own record but share the number sequence. */
export interface FakeGitHubIssue {
  /** Database id. */
  id: number;
  /** Number in its repository. */
  number: number;
  /** Title. */
  title: string;
  /** Markdown body; null when empty. */
  body: string | null;
  /** `open` or `closed`. */
  state: "open" | "closed";
  /** Why it was closed (or `reopened`). */
  stateReason: "completed" | "not_planned" | "reopened" | null;
  /** Label names. */
  labels: string[];
  /** Assignee logins. */
  assignees: string[];
  /** Author login. */
  user: string;
  /** Conversation comments. */
  comments: FakeGitHubComment[];
  /** Created, epoch ms. */
  createdAt: number;
  /** Last updated, epoch ms. */
  updatedAt: number;
  /** Closed, epoch ms, or null. */
  closedAt: number | null;
}

/** A pull request review. */
export interface FakeGitHubReview {
  /** Review id. */
  id: number;
  /** Reviewer login. */
  user: string;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`. */
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  /** Review body. */
  body: string;
  /** Submitted, epoch ms. */
  submittedAt: number;
  /** Commit reviewed. */
  commitId: string;
}

/** A changed file of a pull request. */
export interface FakeGitHubFile {
  /** Path. */
  filename: string;
  /** `added`, `modified`, `removed`, `renamed`. */
  status: "added" | "modified" | "removed" | "renamed";
  /** Lines added. */
  additions: number;
  /** Lines removed. */
  deletions: number;
  /** Unified diff, when small. */
  patch?: string;
  /** Path before a rename. */
  previousFilename?: string;
}

/** A pull request. */
export interface FakeGitHubPullRequest {
  /** Database id. */
  id: number;
  /** Number in its repository. */
  number: number;
  /** Title. */
  title: string;
  /** Markdown body; null when empty. */
  body: string | null;
  /** `open` or `closed`. */
  state: "open" | "closed";
  /** Draft. */
  draft: boolean;
  /** Merged (then `state` is `closed`). */
  merged: boolean;
  /** Head branch and commit. */
  head: { ref: string; sha: string };
  /** Base branch. */
  base: { ref: string };
  /** Author login. */
  user: string;
  /** Users asked to review. */
  requestedReviewers: string[];
  /** Team slugs asked to review. */
  requestedTeams: string[];
  /** Submitted reviews. */
  reviews: FakeGitHubReview[];
  /** Changed files. */
  files: FakeGitHubFile[];
  /** Label names. */
  labels: string[];
  /** Conversation comments. */
  comments: FakeGitHubComment[];
  /** Created, epoch ms. */
  createdAt: number;
  /** Last updated, epoch ms. */
  updatedAt: number;
  /** Merged, epoch ms, or null. */
  mergedAt: number | null;
}

/** A GitHub Actions workflow. */
export interface FakeGitHubWorkflow {
  /** Workflow id. */
  id: number;
  /** Display name. */
  name: string;
  /** File path, e.g. `.github/workflows/deploy.yml`; its file name also selects it. */
  path: string;
  /** Whether a dispatch creates a run (false simulates a run that never appears). */
  dispatchCreatesRun: boolean;
  /** How long after a dispatch its run appears, ms (GitHub takes a few seconds). */
  runDelayMs: number;
}

/** A workflow run. */
export interface FakeGitHubWorkflowRun {
  /** Run id. */
  id: number;
  /** Workflow id. */
  workflowId: number;
  /** Workflow name. */
  name: string;
  /** Run number within the workflow. */
  runNumber: number;
  /** Triggering event (`workflow_dispatch`, `push`, …). */
  event: string;
  /** `queued`, `in_progress`, `completed`. */
  status: "queued" | "in_progress" | "completed";
  /** `success`, `failure`, … once completed. */
  conclusion: string | null;
  /** Branch. */
  headBranch: string;
  /** Commit. */
  headSha: string;
  /** Dispatch inputs. */
  inputs: Record<string, unknown>;
  /** Created (visible from then on), epoch ms. */
  createdAt: number;
  /** Last updated, epoch ms. */
  updatedAt: number;
}

/** A repository and everything in it. */
export interface FakeGitHubRepository {
  /** Database id. */
  id: number;
  /** Owner login. */
  owner: string;
  /** Name. */
  name: string;
  /** `owner/name` as seeded (case kept; lookups ignore case). */
  fullName: string;
  /** Default branch. */
  defaultBranch: string;
  /** Private repository. */
  private: boolean;
  /** Existing label names. */
  labels: Set<string>;
  /** Issues by number. */
  issues: Map<number, FakeGitHubIssue>;
  /** Pull requests by number. */
  pullRequests: Map<number, FakeGitHubPullRequest>;
  /** Workflows by id. */
  workflows: Map<number, FakeGitHubWorkflow>;
  /** Workflow runs, oldest first. */
  workflowRuns: FakeGitHubWorkflowRun[];
  /** Next issue / pull request number. */
  nextNumber: number;
  /** File contents by branch name, then path (what `GET …/contents/{path}?ref=` reads). */
  contents: Map<string, Map<string, string | Uint8Array>>;
  /** Commits, newest first (what `GET …/commits?path=` lists). */
  commits: FakeGitHubCommit[];
  /** Check runs by id. */
  checkRuns: Map<number, FakeGitHubCheckRun>;
}

/** A commit, as far as listing commits by path needs it. */
export interface FakeGitHubCommit {
  /** Sha. */
  sha: string;
  /** Author login (null for an author without a GitHub account). */
  author: string | null;
  /** Author account type. */
  authorType: "User" | "Bot";
  /** Message. */
  message: string;
  /** Paths it touched. */
  paths: string[];
  /** Authored, epoch ms. */
  date: number;
}

/** An annotation of a check run. */
export interface FakeGitHubCheckAnnotation {
  /** File path. */
  path: string;
  /** First line. */
  start_line: number;
  /** Last line. */
  end_line: number;
  /** `notice`, `warning` or `failure`. */
  annotation_level: "notice" | "warning" | "failure";
  /** Message. */
  message: string;
  /** Title. */
  title?: string;
  /** Raw details. */
  raw_details?: string;
}

/** A check run. */
export interface FakeGitHubCheckRun {
  /** Id. */
  id: number;
  /** Name. */
  name: string;
  /** Commit. */
  headSha: string;
  /** `queued`, `in_progress`, `completed`. */
  status: "queued" | "in_progress" | "completed";
  /** Conclusion once completed. */
  conclusion: string | null;
  /** Output title. */
  title: string | null;
  /** Output summary. */
  summary: string | null;
  /** Every annotation sent, in order (GitHub appends each request's batch). */
  annotations: FakeGitHubCheckAnnotation[];
  /** Created, epoch ms. */
  createdAt: number;
}

/** An installation of the fake GitHub App. */
export interface FakeGitHubInstallation {
  /** Installation id. */
  id: number;
  /** Account it is installed on. */
  account: string;
  /** Granted permissions. */
  permissions: Record<string, "read" | "write" | "admin">;
}

/** An installation token the fake issued. */
export interface FakeGitHubInstallationToken {
  /** The token. */
  token: string;
  /** Installation it acts for. */
  installationId: number;
  /** Issued, epoch ms. */
  issuedAt: number;
  /** Expires, epoch ms. */
  expiresAt: number;
}
