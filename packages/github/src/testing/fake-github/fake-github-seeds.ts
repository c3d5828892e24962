import type {
  FakeGitHubComment,
  FakeGitHubCommit,
  FakeGitHubFile,
  FakeGitHubIssue,
  FakeGitHubPullRequest,
  FakeGitHubReview,
  FakeGitHubWorkflow,
  FakeGitHubWorkflowRun,
} from "./fake-github-model";

/** Seed of an issue: a title, and anything else to override. */
export type FakeIssueSeed = Partial<Omit<FakeGitHubIssue, "id" | "comments">> & {
  /** Title. */
  title: string;
  /** Comment bodies (authored by the viewer) or full comments. */
  comments?: (string | Partial<FakeGitHubComment>)[];
};

/** Seed of a review. */
export type FakeReviewSeed = Partial<Omit<FakeGitHubReview, "id">> & {
  /** Reviewer login. */
  user: string;
  /** Review state. */
  state: FakeGitHubReview["state"];
};

/** Seed of a pull request. */
export type FakePullRequestSeed = Partial<
  Omit<FakeGitHubPullRequest, "id" | "reviews" | "head" | "base" | "comments">
> & {
  /** Title. */
  title: string;
  /** Head branch; the sha defaults to a hash of the branch name. */
  head: { ref: string; sha?: string };
  /** Base branch; default the repository's default branch. */
  base?: { ref: string };
  /** Reviews. */
  reviews?: FakeReviewSeed[];
  /** Changed files. */
  files?: FakeGitHubFile[];
};

/** Seed of a workflow. */
export type FakeWorkflowSeed = Partial<Omit<FakeGitHubWorkflow, "path">> & {
  /** File path or name: `deploy.yml` becomes `.github/workflows/deploy.yml`. */
  path: string;
};

/** Seed of a workflow run. */
export type FakeWorkflowRunSeed = Partial<
  Omit<FakeGitHubWorkflowRun, "id" | "workflowId" | "name">
> & {
  /** Workflow id or file name. */
  workflow: number | string;
};

/** Seed of a repository and its content. */
export interface FakeRepositorySeed {
  /** `owner/name`. */
  fullName: string;
  /** Default branch (default `main`). */
  defaultBranch?: string | undefined;
  /** Private repository. */
  private?: boolean | undefined;
  /** Labels that exist. */
  labels?: string[] | undefined;
  /** Issues, numbered in order unless they say otherwise. */
  issues?: FakeIssueSeed[] | undefined;
  /** Pull requests. */
  pullRequests?: FakePullRequestSeed[] | undefined;
  /** Workflows. */
  workflows?: FakeWorkflowSeed[] | undefined;
  /** Existing workflow runs. */
  workflowRuns?: FakeWorkflowRunSeed[] | undefined;
  /** File contents by branch name, then path. */
  contents?: Record<string, Record<string, string | Uint8Array>> | undefined;
  /** Commits, newest first (the sha defaults to a hash of the message and paths). */
  commits?: (Partial<FakeGitHubCommit> & { author: string | null; paths: string[] })[] | undefined;
}
