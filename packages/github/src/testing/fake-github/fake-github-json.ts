import type {
  FakeGitHubComment,
  FakeGitHubFile,
  FakeGitHubIssue,
  FakeGitHubPullRequest,
  FakeGitHubRepository,
  FakeGitHubReview,
  FakeGitHubUser,
  FakeGitHubWorkflowRun,
} from "./fake-github-model";
import { fakeSha } from "./fake-github-state";

/** Web URL the fake's `html_url`s use, as on github.com. */
export const FAKE_GITHUB_WEB_URL = "https://github.com";

/** GitHub's timestamp format: ISO 8601 in whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Builds REST JSON the way GitHub shapes it, with URLs pointing at the fake's API. */
export class FakeGitHubJson {
  constructor(private readonly apiUrl: string) {}

  /** A user object. */
  user(login: string, id = 0, type: FakeGitHubUser["type"] = "User") {
    return {
      login,
      id,
      node_id: `U_${login}`,
      type,
      site_admin: false,
      html_url: `${FAKE_GITHUB_WEB_URL}/${login}`,
      url: `${this.apiUrl}/users/${login}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    };
  }

  /** A repository object. */
  repository(repository: FakeGitHubRepository) {
    return {
      id: repository.id,
      node_id: `R_${repository.id}`,
      name: repository.name,
      full_name: repository.fullName,
      owner: this.user(repository.owner),
      private: repository.private,
      visibility: repository.private ? "private" : "public",
      fork: false,
      description: null,
      default_branch: repository.defaultBranch,
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}`,
      url: `${this.apiUrl}/repos/${repository.fullName}`,
      open_issues_count: [...repository.issues.values()].filter((issue) => issue.state === "open")
        .length,
    };
  }

  /** A label object. */
  label(name: string) {
    return {
      id: 0,
      node_id: `LA_${name}`,
      name,
      color: "ededed",
      default: false,
      description: null,
    };
  }

  /** An issue object. */
  issue(repository: FakeGitHubRepository, issue: FakeGitHubIssue) {
    const base = `${this.apiUrl}/repos/${repository.fullName}/issues/${issue.number}`;
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      locked: false,
      labels: issue.labels.map((name) => this.label(name)),
      assignees: issue.assignees.map((login) => this.user(login)),
      assignee: issue.assignees[0] === undefined ? null : this.user(issue.assignees[0]),
      user: this.user(issue.user),
      comments: issue.comments.length,
      created_at: isoSeconds(issue.createdAt),
      updated_at: isoSeconds(issue.updatedAt),
      closed_at: issue.closedAt === null ? null : isoSeconds(issue.closedAt),
      author_association: "OWNER",
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/issues/${issue.number}`,
      url: base,
      repository_url: `${this.apiUrl}/repos/${repository.fullName}`,
      comments_url: `${base}/comments`,
    };
  }

  /** A pull request object. */
  pullRequest(repository: FakeGitHubRepository, pullRequest: FakeGitHubPullRequest) {
    const repo = this.repository(repository);
    return {
      id: pullRequest.id,
      node_id: `PR_${pullRequest.id}`,
      number: pullRequest.number,
      state: pullRequest.state,
      locked: false,
      draft: pullRequest.draft,
      title: pullRequest.title,
      body: pullRequest.body,
      user: this.user(pullRequest.user),
      labels: pullRequest.labels.map((name) => this.label(name)),
      head: {
        label: `${repository.owner}:${pullRequest.head.ref}`,
        ref: pullRequest.head.ref,
        sha: pullRequest.head.sha,
        user: this.user(repository.owner),
        repo,
      },
      base: {
        label: `${repository.owner}:${pullRequest.base.ref}`,
        ref: pullRequest.base.ref,
        sha: fakeSha(`${repository.fullName}:${pullRequest.base.ref}`),
        user: this.user(repository.owner),
        repo,
      },
      merged: pullRequest.merged,
      merged_at: pullRequest.mergedAt === null ? null : isoSeconds(pullRequest.mergedAt),
      merge_commit_sha: pullRequest.merged ? fakeSha(`merge:${pullRequest.id}`) : null,
      requested_reviewers: pullRequest.requestedReviewers.map((login) => this.user(login)),
      requested_teams: pullRequest.requestedTeams.map((slug) => ({
        id: 0,
        node_id: `T_${slug}`,
        slug,
        name: slug,
      })),
      created_at: isoSeconds(pullRequest.createdAt),
      updated_at: isoSeconds(pullRequest.updatedAt),
      closed_at: pullRequest.state === "closed" ? isoSeconds(pullRequest.updatedAt) : null,
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/pull/${pullRequest.number}`,
      url: `${this.apiUrl}/repos/${repository.fullName}/pulls/${pullRequest.number}`,
      author_association: "OWNER",
      comments: pullRequest.comments.length,
      changed_files: pullRequest.files.length,
    };
  }

  /** A review object. */
  review(
    repository: FakeGitHubRepository,
    pullRequest: FakeGitHubPullRequest,
    review: FakeGitHubReview,
  ) {
    return {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: this.user(review.user),
      body: review.body,
      state: review.state,
      commit_id: review.commitId,
      submitted_at: review.state === "PENDING" ? undefined : isoSeconds(review.submittedAt),
      author_association: "MEMBER",
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/pull/${pullRequest.number}#pullrequestreview-${review.id}`,
      pull_request_url: `${this.apiUrl}/repos/${repository.fullName}/pulls/${pullRequest.number}`,
    };
  }

  /** A pull request file object. */
  file(repository: FakeGitHubRepository, file: FakeGitHubFile) {
    const sha = fakeSha(`${repository.fullName}:${file.filename}`);
    return {
      sha,
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/blob/${sha}/${file.filename}`,
      raw_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/raw/${sha}/${file.filename}`,
      contents_url: `${this.apiUrl}/repos/${repository.fullName}/contents/${file.filename}`,
      ...(file.patch === undefined ? {} : { patch: file.patch }),
      ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
    };
  }

  /** An issue comment object. */
  comment(repository: FakeGitHubRepository, number: number, comment: FakeGitHubComment) {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: isoSeconds(comment.createdAt),
      updated_at: isoSeconds(comment.updatedAt),
      author_association: "OWNER",
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/issues/${number}#issuecomment-${comment.id}`,
      issue_url: `${this.apiUrl}/repos/${repository.fullName}/issues/${number}`,
      url: `${this.apiUrl}/repos/${repository.fullName}/issues/comments/${comment.id}`,
    };
  }

  /** A workflow run object. */
  workflowRun(repository: FakeGitHubRepository, run: FakeGitHubWorkflowRun) {
    const workflow = repository.workflows.get(run.workflowId);
    return {
      id: run.id,
      node_id: `WFR_${run.id}`,
      name: run.name,
      display_title: run.name,
      run_number: run.runNumber,
      run_attempt: 1,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: workflow?.path ?? "",
      pull_requests: [],
      created_at: isoSeconds(run.createdAt),
      updated_at: isoSeconds(run.updatedAt),
      run_started_at: isoSeconds(run.createdAt),
      actor: this.user("octocat"),
      html_url: `${FAKE_GITHUB_WEB_URL}/${repository.fullName}/actions/runs/${run.id}`,
      url: `${this.apiUrl}/repos/${repository.fullName}/actions/runs/${run.id}`,
      repository: this.repository(repository),
    };
  }
}
