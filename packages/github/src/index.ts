/**
 * `@contexten/github`: a GitHub client on `@octokit/core` that never trips rate limits,
 * a webhook source that turns every GitHub delivery into correlatable events, and GitHub
 * Issues as an `IssueTracker`.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "github" as const;

// Client
export {
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
  type GitHubClientParts,
} from "./client/create-octokit";
export {
  type GitHubAppCredentials,
  type InstallationToken,
  isAppAuthenticatedPath,
  type RefreshingAppAuth,
  type RefreshingAppAuthInput,
  refreshingAppAuthStrategy,
} from "./client/github-app-auth";
export {
  type CreatePullRequestInput,
  createGitHubClient,
  GitHubClient,
  type GitHubRoute,
  type GitHubRouteData,
  type GitHubRouteParameters,
} from "./client/github-client";
export type { GitHubClientOptions } from "./client/github-client-options";
export {
  GITHUB_ENVIRONMENT,
  type GitHubIntegrationConfig,
  type GitHubIntegrationConfigInput,
  githubIntegrationConfigSchema,
  resolveGitHubConfig,
} from "./client/github-config";
export { type GitHubErrorContext, toGitHubError } from "./client/github-error";
export {
  GITHUB_DOCUMENTED_LIMITS,
  GITHUB_HEADROOM,
  githubRateLimitProfile,
  githubSecondaryPoints,
} from "./client/github-rate-limits";
export {
  classifyGitHubResponse,
  GITHUB_SECONDARY_LIMIT_DEFAULT_WAIT_MS,
  resolveGitHubRequest,
} from "./client/github-request-rules";
export type {
  GitHubAuthenticatedUser,
  GitHubIssue,
  GitHubIssueComment,
  GitHubPullRequest,
  GitHubPullRequestFile,
  GitHubRateLimitOverview,
  GitHubRepository,
  GitHubReview,
  GitHubWorkflowRun,
} from "./client/github-types";
export {
  nextPageUrl,
  type PageItem,
  type PageRequest,
  type PaginateOptions,
  pageItems,
  paginateRoute,
} from "./client/paginate";
export { type RepositoryInput, type RepositoryRef, toRepositoryRef } from "./client/repository-ref";
export {
  type PullRequestReviews,
  type ReviewRequests,
  type ReviewSummary,
  summarizeReviews,
} from "./client/review-summary";
export {
  DEFAULT_WORKFLOW_RUN_POLL_MS,
  DEFAULT_WORKFLOW_RUN_TIMEOUT_MS,
  type TriggerWorkflowInput,
  WorkflowDispatcher,
  type WorkflowDispatchRequests,
} from "./client/workflow-dispatch";
export {
  createGitHubIntegration,
  type GitHubEventOutcome,
  GitHubIntegration,
  type GitHubIntegrationOptions,
} from "./integration/github-integration";
// Issue tracker
export {
  createGitHubIssueTracker,
  GitHubIssueTracker,
  type GitHubIssueTrackerOptions,
} from "./issues/github-issue-tracker";
export {
  type GitHubIssueFields,
  type GitHubIssueState,
  githubIssueStatus,
  repositoryOfIssue,
  toGitHubIssueFields,
  toGitHubState,
  toUnifiedIssue,
} from "./issues/issue-mapping";
export { type GitHubIssueRef, parseIssueReference } from "./issues/issue-reference";
export { buildIssueSearchQuery } from "./issues/issue-search-query";
export {
  buildGitHubEvent,
  type GitHubEventParts,
  githubEventType,
} from "./webhooks/github-event-base";
// Webhooks
export type { GitHubWebhookBody } from "./webhooks/github-payload";
export {
  type GitHubWebhookEvent,
  type GitHubWebhookHandler,
  GitHubWebhookHandlers,
} from "./webhooks/github-webhook-handlers";
export { GITHUB_ACK_DEADLINE_MS, GITHUB_WEBHOOK_HEADERS } from "./webhooks/github-webhook-headers";
export type {
  GitHubWebhookHandlerName,
  GitHubWebhookOperationBody,
  GitHubWebhookOperationId,
  GitHubWebhookPayload,
  GitHubWebhookPayloadMap,
  KebabToSnake,
} from "./webhooks/github-webhook-payloads";
export {
  type GitHubWebhookSource,
  type GitHubWebhooksOptions,
  githubWebhooks,
} from "./webhooks/github-webhook-source";
export type { CiEventName } from "./webhooks/normalize-ci";
export {
  NORMALIZED_GITHUB_EVENTS,
  normalizeGitHubEvent,
} from "./webhooks/normalize-github-event";
export type { NormalizeInput, ReferenceOptions } from "./webhooks/normalize-input";
export {
  addLabelsAction,
  createCommentAction,
  createPullRequestAction,
  githubWorkflowActions,
  requestReviewersAction,
  triggerWorkflowAction,
} from "./workflow-actions/github-workflow-actions";
