/**
 * `@contexten/github/testing`: a fake GitHub REST API for tests and demos, GitHub's rate
 * limit as a behaviour and its secondary-limit refusal as a fault for core's fake platform
 * server kit, and signed GitHub webhook requests. Test-only; it starts real HTTP servers on 127.0.0.1. It imports no `vitest`.
 *
 * @packageDocumentation
 */

export type { FakeGitHubCaller } from "./fake-github/fake-github-auth";
export type {
  FakeGitHubCheckAnnotation,
  FakeGitHubCheckRun,
  FakeGitHubComment,
  FakeGitHubCommit,
  FakeGitHubFile,
  FakeGitHubInstallation,
  FakeGitHubInstallationToken,
  FakeGitHubIssue,
  FakeGitHubPullRequest,
  FakeGitHubRepository,
  FakeGitHubReview,
  FakeGitHubUser,
  FakeGitHubWorkflow,
  FakeGitHubWorkflowRun,
} from "./fake-github/fake-github-model";
export {
  type FakeGitHubRateLimits,
  type FakeSearchRateLimitOptions,
  fakeGitHubRateLimits,
} from "./fake-github/fake-github-rate-limits";
export {
  type FakeSecondaryRateLimitOptions,
  type FakeSecondaryRefusals,
  fakeGitHubSecondaryLimits,
} from "./fake-github/fake-github-secondary-limits";
export type {
  FakeIssueSeed,
  FakePullRequestSeed,
  FakeRepositorySeed,
  FakeReviewSeed,
  FakeWorkflowRunSeed,
  FakeWorkflowSeed,
} from "./fake-github/fake-github-seeds";
export { type FakeGitHubApp, FakeGitHubState, fakeSha } from "./fake-github/fake-github-state";
export { type FakeSearchQuery, parseSearchQuery } from "./fake-github/search-routes";
export {
  type FakeGitHubPullRequestOptions,
  startFakeGitHubPullRequest,
} from "./fake-github/start-fake-github-pull-request";
export {
  type FakeGitHubAppOptions,
  type FakeGitHubServer,
  type FakeGitHubServerOptions,
  startFakeGitHubServer,
} from "./fake-github/start-fake-github-server";
export { githubFaults } from "./github-faults";
export {
  type GitHubRateLimitOptions,
  type GitHubRateLimitWindow,
  githubRateLimit,
} from "./github-rate-limit";
export {
  createGitHubWebhookRequest,
  type GitHubWebhookRequestOptions,
  signGitHubWebhook,
} from "./github-webhook-request";
