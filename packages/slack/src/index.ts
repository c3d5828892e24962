/**
 * `@contexten/slack`: the Slack adapter of contexten. A Web API client on
 * `@slack/web-api` paced by core's rate limiter, a notifier that renders Block Kit, one
 * inbound source for Events API, slash commands and interactivity (over HTTP or Socket
 * Mode), and multi-step modal workflows.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "slack" as const;

// Block Kit (pure)
export {
  escapeMrkdwn,
  markdownToMrkdwn,
  markdownToPlainText,
  splitText,
  truncateText,
} from "./blocks/mrkdwn";
export {
  ACTIONS_BLOCK_ID,
  buildNotificationMessage,
  type NotificationActionInput,
  type NotificationMessageOptions,
  readHandback,
  type SlackMessageContent,
  toButton,
} from "./blocks/notification-blocks";
export { PRIORITY_BADGES, type SlackBadge, STATUS_BADGES } from "./blocks/presentation";
export { SLACK_LIMITS, type SlackLimit } from "./blocks/slack-limits";
export {
  STATUS_BLOCK_ID,
  statusBlock,
  statusLine,
  type ThreadStatus,
  withStatusBlock,
} from "./blocks/status-blocks";
// Client
export type { ResponseUrlMessage } from "./client/response-url-message";
export { SLACK_RETRYABLE_ERRORS, toSlackApiError } from "./client/slack-api-error";
export { createSlackClient, SlackClient } from "./client/slack-client";
export type { SlackClientOptions } from "./client/slack-client-options";
export {
  resolveSlackConfig,
  SLACK_ENVIRONMENT,
  type SlackIntegrationConfig,
  type SlackIntegrationConfigInput,
  slackIntegrationConfigSchema,
} from "./client/slack-config";
export {
  SLACK_METHOD_TIERS,
  SLACK_POSTING_METHODS,
  SLACK_TIER_LIMITS,
  type SlackTier,
  slackRateLimitProfile,
  slackResource,
} from "./client/slack-rate-limits";
export { classifySlackResponse, resolveSlackRequest } from "./client/slack-request-rules";
// Facade
export {
  createSlackIntegration,
  SlackIntegration,
  type SlackIntegrationOptions,
  type SlackIntegrationSocketModeOptions,
  type SlackWebhookHandlerOptions,
} from "./integration/slack-integration";
// Notifications
export {
  createSlackNotifier,
  type RichNotification,
  type SlackMessageResult,
  SlackNotifier,
  type SlackNotifierOptions,
  type ThreadStatusOptions,
  type ThreadStatusResult,
} from "./notifications/slack-notifier";
// Socket Mode
export { envelopeToRequest, type SocketModeEnvelope } from "./socket-mode/envelope-to-request";
export {
  createSlackSocketMode,
  type SlackSocketMode,
  type SlackSocketModeOptions,
} from "./socket-mode/slack-socket-mode";
// Inbound: Events API, slash commands, interactivity
export { slackIdentityLookup } from "./users/slack-identity-lookup";
export { normalizeEventCallback } from "./webhooks/normalize-events-api";
export { normalizeInteraction, normalizeSlashCommand } from "./webhooks/normalize-interactions";
export { parseSlackRequest } from "./webhooks/parse-slack-request";
export {
  buildSlackEvent,
  type DeliveryContext,
  type SlackEventParts,
  slackTime,
} from "./webhooks/slack-event-base";
export {
  type BlockSuggestionResponse,
  type HandlerResult,
  type InteractionContext,
  type InteractionResponse,
  type InteractiveHandler,
  type InteractiveMatcher,
  type MatchedInteractiveHandler,
  normalizeCommandName,
  type SlackHandlerContext,
  SlackHandlerRegistry,
  type SlackOption,
  type SlashCommandContext,
  type SlashCommandHandler,
  type SlashCommandResponse,
  type ViewSubmissionResponse,
} from "./webhooks/slack-handlers";
export type {
  InteractionPayload,
  InteractionType,
  SlackAttachment,
  SlackBlockAction,
  SlackEvent,
  SlackEventEnvelope,
  SlackInbound,
  SlackViewPayload,
  SlackViewStateValue,
  SlashCommandPayload,
} from "./webhooks/slack-payloads";
export {
  slackSignedPayload,
  type VerifySlackRequestOptions,
  verifySlackRequest,
} from "./webhooks/slack-signature";
export { messageReferences, messageTitle, slackTextToPlain } from "./webhooks/slack-text";
export {
  SLACK_ACK_DEADLINE_MS,
  SLACK_WEBHOOK_HEADERS,
  SLACK_WEBHOOK_TOLERANCE_MS,
} from "./webhooks/slack-webhook-headers";
export {
  createSlackInboundSource,
  DEFAULT_HANDLER_TIMEOUT_MS,
  MAX_HANDLER_TIMEOUT_MS,
  normalizeSlackDelivery,
  type SlackInboundOptions,
  type SlackWebhookSource,
  type SlackWebhooksOptions,
  slackWebhooks,
} from "./webhooks/slack-webhook-source";
export {
  APPROVE_ACTION_ID,
  type ApprovalOutput,
  clientMessageId,
  postMessageAction,
  REJECT_ACTION_ID,
  requestApprovalAction,
  sendNotificationAction,
  slackWorkflowActions,
  updateThreadStatusAction,
} from "./workflow-actions/index";
// Interactive workflows
export { InteractiveWorkflowManager } from "./workflows/interactive-workflow-manager";
export {
  createIssueWorkflowTemplate,
  type IssueWorkflowTemplateOptions,
} from "./workflows/issue-workflow-template";
export {
  type InteractiveHandlerTarget,
  registerWorkflowHandlers,
} from "./workflows/workflow-handlers";
export {
  type CreateWorkflowModalOptions,
  DEFAULT_SESSION_TIMEOUT_MS,
  type HandleWorkflowStepOptions,
  type InteractiveWorkflowManagerOptions,
  type WorkflowCompletionListener,
} from "./workflows/workflow-manager-options";
export {
  encodeWorkflowMetadata,
  readWorkflowMetadata,
  type WorkflowViewMetadata,
} from "./workflows/workflow-metadata";
export {
  MemoryWorkflowSessionStore,
  type WorkflowSessionStore,
} from "./workflows/workflow-session-store";
export type {
  SlackModal,
  WorkflowCompletion,
  WorkflowCompletionHandler,
  WorkflowCompletionInput,
  WorkflowInput,
  WorkflowInputType,
  WorkflowResult,
  WorkflowSession,
  WorkflowSessionStatus,
  WorkflowStepResult,
  WorkflowTemplate,
  WorkflowTemplateStep,
  WorkflowValue,
  WorkflowValues,
} from "./workflows/workflow-types";
export { assertValidTemplate, validateStep } from "./workflows/workflow-validation";
export {
  buildStepView,
  inputBlock,
  messageView,
  readStateValue,
  readViewValues,
  WORKFLOW_CALLBACK_PREFIX,
} from "./workflows/workflow-views";
