import type { Endpoints } from "@octokit/types";

/** A repository as `GET /repos/{owner}/{repo}` returns it. */
export type GitHubRepository = Endpoints["GET /repos/{owner}/{repo}"]["response"]["data"];

/** A pull request as `GET /repos/{owner}/{repo}/pulls/{pull_number}` returns it. */
export type GitHubPullRequest =
  Endpoints["GET /repos/{owner}/{repo}/pulls/{pull_number}"]["response"]["data"];

/** One changed file of a pull request. */
export type GitHubPullRequestFile =
  Endpoints["GET /repos/{owner}/{repo}/pulls/{pull_number}/files"]["response"]["data"][number];

/** One pull request review. */
export type GitHubReview =
  Endpoints["GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews"]["response"]["data"][number];

/** A GitHub Actions workflow run. */
export type GitHubWorkflowRun =
  Endpoints["GET /repos/{owner}/{repo}/actions/runs/{run_id}"]["response"]["data"];

/** An issue as the REST API returns it (pull requests are issues too). */
export type GitHubIssue =
  Endpoints["GET /repos/{owner}/{repo}/issues/{issue_number}"]["response"]["data"];

/** A comment on an issue or a pull request's conversation. */
export type GitHubIssueComment =
  Endpoints["GET /repos/{owner}/{repo}/issues/comments/{comment_id}"]["response"]["data"];

/** The authenticated user, from `GET /user`. */
export type GitHubAuthenticatedUser = Endpoints["GET /user"]["response"]["data"];

/** `GET /rate_limit`: every resource's budget (this call is free on GitHub). */
export type GitHubRateLimitOverview = Endpoints["GET /rate_limit"]["response"]["data"];
