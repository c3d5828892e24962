/**
 * `@contexten/linear`: a Linear client on `@linear/sdk` whose every GraphQL request goes
 * through contexten's rate limiter, retries and instrumentation; Linear as an
 * `IssueTracker`; cross-platform helpers (attach a PR, comment, find a branch's issue);
 * and a webhook source that turns signed Linear webhooks into correlated events.
 *
 * @packageDocumentation
 */

export {
  type LinearFailure,
  type LinearGraphqlBody,
  type LinearGraphqlError,
  toLinearApiError,
} from "./client/linear-api-error";
export { createLinearClient, LINEAR_GRAPHQL_RESOURCE, LinearClient } from "./client/linear-client";
export type { LinearClientOptions } from "./client/linear-client-options";
export {
  LINEAR_ENVIRONMENT,
  type LinearIntegrationConfig,
  type LinearIntegrationConfigInput,
  linearIntegrationConfigSchema,
  resolveLinearConfig,
} from "./client/linear-config";
export {
  authorizationFor,
  createLinearRequest,
  type LinearRequest,
  type LinearRequestOptions,
} from "./client/linear-graphql-request";
export {
  LINEAR_DEFAULT_COMPLEXITY_ESTIMATE,
  LINEAR_DOCUMENTED_LIMITS,
  linearRateLimitProfile,
} from "./client/linear-rate-limits";
export { classifyLinearResponse, resolveLinearRequest } from "./client/linear-request-rules";
export { requireMutationResult } from "./client/mutation-result";
export {
  createLinearIntegration,
  LinearIntegration,
  type LinearIntegrationOptions,
} from "./integration/linear-integration";
export {
  CATEGORY_STATE_TYPES,
  categoryOfStateType,
  LINEAR_PRIORITY,
  type LinearIssueFields,
  priorityFromLinear,
  type ResolvedIssueNames,
  STATE_TYPE_CATEGORY,
  toUnifiedIssue,
} from "./issues/issue-mapping";
export { buildIssueFilter } from "./issues/issue-search-filter";
export {
  LinearDirectory,
  type LinearLabelRef,
  type LinearStateRef,
  type LinearTeamRef,
  type LinearUserRef,
} from "./issues/linear-directory";
export {
  addComment,
  findIssueForBranch,
  type LinearAttachmentLink,
  type LinearCommentRef,
  linkPullRequest,
  linkUrl,
} from "./issues/linear-issue-links";
export {
  createLinearIssueTracker,
  LinearIssueTracker,
  type LinearIssueTrackerOptions,
} from "./issues/linear-issue-tracker";
export { linearIdentityLookup } from "./users/linear-identity-lookup";
export {
  buildLinearEvents,
  type LinearEventParts,
  type LinearNormalizeInput,
  type LinearReferenceOptions,
  linearEventType,
  linearObjectKey,
  snakeCase,
} from "./webhooks/linear-event-base";
export {
  LINEAR_ACK_DEADLINE_MS,
  LINEAR_WEBHOOK_HEADERS,
  LINEAR_WEBHOOK_TOLERANCE_MS,
} from "./webhooks/linear-webhook-headers";
export {
  deriveLinearDeliveryId,
  type LinearWebhookPayload,
  readLinearWebhookPayload,
  validateLinearWebhookPayload,
} from "./webhooks/linear-webhook-payload";
export {
  type LinearWebhookSource,
  type LinearWebhooksOptions,
  linearWebhooks,
} from "./webhooks/linear-webhook-source";
export { normalizeAttachment } from "./webhooks/normalize-attachment";
export { normalizeComment } from "./webhooks/normalize-comment";
export { normalizeEntity } from "./webhooks/normalize-entity";
export {
  issueIdentityKeys,
  LINEAR_ISSUE_STATUS_CHANGED,
  normalizeIssue,
} from "./webhooks/normalize-issue";
export { parentRefs } from "./webhooks/parent-refs";
export {
  attachPullRequestAction,
  createIssueAction,
  linearIssueId,
  linearWorkflowActions,
  updateIssueAction,
} from "./workflow-actions/linear-workflow-actions";
