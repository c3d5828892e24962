/**
 * `@contexten/core`: the contracts every contexten adapter implements, the models they
 * exchange, and the engines that join GitHub, Slack and Linear into one event stream.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------
// Outbound resilience: clock, rate limiting, retries, cache, the outbound pipeline.
// ---------------------------------------------------------------------------------------
export {
  type Cache,
  type CacheEntry,
  type CacheSetOptions,
  conditionalHeaders,
  globToRegExp,
  isFresh,
} from "./cache/cache";
export { MemoryCache } from "./cache/memory-cache";
export {
  abortReason,
  type Clock,
  type ClockTimer,
  sleep,
  systemClock,
} from "./clock/clock";
export {
  fromTaggedJson,
  type JsonValue,
  parseTagged,
  stringifyTagged,
  toTaggedJson,
} from "./codec/tagged-json";
export { type CacheConfig, type CacheConfigInput, cacheConfigSchema } from "./config/cache-config";
export {
  CORRELATION_ENVIRONMENT,
  type CorrelationConfig,
  type CorrelationConfigInput,
  correlationConfigSchema,
  resolveCorrelationConfig,
} from "./config/correlation-config";
export {
  type RateLimitBudget,
  type RateLimitConfig,
  type RateLimitConfigInput,
  rateLimitBudgetSchema,
  rateLimitConfigSchema,
} from "./config/rate-limit-config";
// Configuration
export {
  type Environment,
  type EnvironmentBindings,
  readConfig,
  splitSecrets,
} from "./config/read-config";
export type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
  StoreDeliveryStatus,
} from "./contracts/delivery-record";
export type {
  EventPage,
  EventQuery,
  EventStore,
  FindByKeysOptions,
  KeyLookup,
  LineageGraph,
  LineageOptions,
  PruneResult,
  ReadOptions,
  WriteResult,
} from "./contracts/event-store";
export {
  type ApiRequestInfo,
  type CorrelationMatchInfo,
  type CorrelationSkippedInfo,
  captureTraceContext,
  combineInstrumentation,
  type ErrorInfo,
  emitInstrumentation,
  type Instrumentation,
  type InstrumentationHookName,
  noopInstrumentation,
  type RateLimitWaitInfo,
  type TraceAttributes,
  type TracedStep,
  TracedStepNames,
  type TraceScope,
  traceStep,
  type WebhookEventInfo,
  type WorkflowExecutionInfo,
} from "./contracts/instrumentation";
export type {
  CreateIssueInput,
  IssueSearchFilters,
  IssueTracker,
  IssueUpdate,
} from "./contracts/issue-tracker";
export type {
  InteractiveNotificationRequest,
  InteractiveNotificationResult,
  NotificationResult,
  Notifier,
} from "./contracts/notifier";
// Contracts
export type { AuthenticationResult, PlatformInterface } from "./contracts/platform-interface";
export type { SessionStore, StoredSession } from "./contracts/session-store";
export type {
  AcknowledgeContext,
  NormalizeContext,
  ParsedWebhook,
  WebhookControl,
  WebhookDelivery,
  WebhookReply,
  WebhookRequest,
  WebhookSource,
} from "./contracts/webhook-source";
export {
  type AnyWorkflowAction,
  createWorkflowSuspension,
  defineWorkflowAction,
  isWorkflowSuspension,
  type WaitForEventRequest,
  type WaitOutcome,
  type WorkflowAction,
  type WorkflowActionContext,
  type WorkflowLogger,
  type WorkflowSuspension,
} from "./contracts/workflow-action";
export type {
  WorkflowRuntime,
  WorkflowTask,
  WorkflowTaskDelivery,
  WorkflowTaskHandler,
} from "./contracts/workflow-runtime";
export {
  FINAL_STEP_STATUSES,
  FINAL_WORKFLOW_STATUSES,
  type UpdateGuard,
  type WaitingStepQuery,
  type WorkflowErrorRecord,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowRunPatch,
  type WorkflowStatus,
  type WorkflowStepPatch,
  type WorkflowStepRecord,
  type WorkflowStepStatus,
  type WorkflowStore,
  type WorkflowWait,
} from "./contracts/workflow-store";
export { CorrelationEngine, createCorrelationEngine } from "./correlation/correlation-engine";
export type {
  CorrelationEngineOptions,
  CorrelationResult,
  EventLineageOptions,
  LineageByReferenceOptions,
} from "./correlation/correlation-engine-options";
// Correlation engine, in-memory event store, reference extraction and lineage (issue 3)
export {
  type CandidateContext,
  type CodeCorrelationRule,
  type CodeRuleMatch,
  type CorrelationRule,
  type CorrelationRuleInput,
  codeCorrelationRuleSchema,
  correlationRuleSchema,
  type DataCorrelationRule,
  type DataCorrelationRuleInput,
  isCodeRule,
  type KeyMatch,
  keyMatchSchema,
} from "./correlation/correlation-rule";
export {
  CorrelationRuleEngine,
  type CorrelationRuleEngineOptions,
  type RuleMatch,
} from "./correlation/correlation-rule-engine";
export { DEFAULT_CORRELATION_RULES } from "./correlation/default-rules";
export { EVIDENCE_STRENGTH, strongerEvidence } from "./correlation/evidence-strength";
export { overallStrength, strongestPathStrengths } from "./correlation/lineage-strength";
export { groupId, linkId } from "./correlation/link-id";
export {
  type IndexedEvent,
  indexEvent,
  type KeyMatchResult,
  matchKeys,
} from "./correlation/match-keys";
export { keysOfReference, type ReferenceKeyOptions } from "./correlation/reference-keys";
export {
  AWAIT_EVENT_ACTION,
  createWorkflowFromEvents,
  type WorkflowFromEventsOptions,
} from "./correlation/workflow-from-events";
export { ApiCallError, type ApiCallErrorOptions, isRetryableStatus } from "./errors/api-call-error";
export { ConfigurationError } from "./errors/configuration-error";
// Errors
export {
  ContextenError,
  type ContextenErrorCode,
  type ContextenErrorOptions,
} from "./errors/contexten-error";
export { NotFoundError } from "./errors/not-found-error";
export { parseWithSchema, toValidationIssues } from "./errors/parse-with-schema";
export { RateLimitError, type RateLimitErrorOptions } from "./errors/rate-limit-error";
export { ValidationError, type ValidationIssue } from "./errors/validation-error";
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./errors/webhook-verification-error";
export { deriveEventId } from "./events/derive-event-id";
// Events
export { type ContextenEventMap, createEventBus, EventBus } from "./events/event-bus";
export { type ErrorSinks, reportError } from "./events/report-error";
// ---------------------------------------------------------------------------------------
// Platform health (added by the Slack adapter, issue 6): the same getHealthStatus() for
// every PlatformInterface (GitHub, Slack and Linear clients use it).
// ---------------------------------------------------------------------------------------
export {
  checkPlatformHealth,
  type HealthProbeResult,
  type PlatformHealthCheck,
} from "./health/check-platform-health";
export {
  boundCorrelationKey,
  MAX_CORRELATION_KEY_BYTES,
} from "./keys/bound-correlation-key";
export { CorrelationKeys, normalizeRepository, normalizeUrl } from "./keys/correlation-keys";
// Identity keys for platform objects without a dedicated CorrelationKeys builder (issue 7:
// Linear comments, projects, cycles, labels, attachments).
export { platformObjectKey } from "./keys/platform-object-key";
export {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
  correlationKeySchema,
  type EventRef,
  type EventSubject,
  type Evidence,
  eventRefSchema,
  eventSubjectSchema,
  evidenceSchema,
} from "./models/correlated-event";
export {
  type Correlation,
  type CorrelationEvidence,
  correlationEvidenceSchema,
  correlationSchema,
} from "./models/correlation";
export { type EventLineage, eventLineageSchema } from "./models/event-lineage";
export {
  compileEventPattern,
  type EventPattern,
  type EventPredicate,
  eventPatternSchema,
  type FieldMatcher,
  fieldMatcherSchema,
  matchesEventPattern,
  matchesTypeGlob,
  readPath,
} from "./models/event-pattern";
// Models
export {
  EVENT_TYPE_PATTERN,
  type EventType,
  EventTypes,
  eventTypeSchema,
  type KnownEventType,
} from "./models/event-type";
export { type HealthStatus, healthStatusSchema } from "./models/health-status";
export { type NotificationAction, notificationActionSchema } from "./models/notification-action";
export { type Platform, Platforms, platformSchema } from "./models/platform";
export { type ProcessingResult, processingResultSchema } from "./models/processing-result";
export { type RetryPolicy, type RetryPolicyInput, retryPolicySchema } from "./models/retry-policy";
export {
  type IssuePriority,
  type IssueStatus,
  type IssueStatusCategory,
  issuePrioritySchema,
  issueStatusCategorySchema,
  issueStatusSchema,
  type UnifiedIssue,
  unifiedIssueSchema,
} from "./models/unified-issue";
export {
  type NotificationPriority,
  notificationPrioritySchema,
  type UnifiedNotification,
  type UnifiedNotificationInput,
  unifiedNotificationSchema,
} from "./models/unified-notification";
export { type WorkflowCondition, workflowConditionSchema } from "./models/workflow-condition";
export {
  type WorkflowDefinition,
  type WorkflowDefinitionInput,
  workflowDefinitionSchema,
} from "./models/workflow-definition";
export { type WorkflowStep, workflowStepSchema } from "./models/workflow-step";
export {
  advanceBucket,
  type BucketState,
  bucketWaitMs,
  createBucketState,
  isPristine,
  observeBucket,
  refundToBucket,
  snapshotBucket,
  takeFromBucket,
} from "./rate-limit/bucket-state";
export { MemoryRateLimitBackend } from "./rate-limit/memory-rate-limit-backend";
export {
  type PlatformRateLimiterOptions,
  platformRateLimiter,
} from "./rate-limit/platform-rate-limiter";
export type {
  AcquireAttempt,
  BucketCharge,
  BucketObservation,
  BucketSnapshot,
  ChargeReceipt,
  MaybePromise,
  RateLimitBackend,
  RateLimitBucket,
} from "./rate-limit/rate-limit-backend";
export {
  epochHeaderMs,
  type HeaderInput,
  type HeaderRecord,
  normalizeHeaders,
  numericHeader,
  parseRetryAfter,
} from "./rate-limit/rate-limit-headers";
export {
  createBudgetProfile,
  defaultBurst,
  type OperationKind,
  type ProfileCharge,
  type RateLimitProfile,
  type RateLimitReport,
} from "./rate-limit/rate-limit-profile";
export { RateLimitRegistry } from "./rate-limit/rate-limit-registry";
export type {
  AcquireOptions,
  RateLimitBucketStatus,
  RateLimiter,
  RateLimitGrant,
  RateLimitStatus,
  RateLimitUpdateOptions,
} from "./rate-limit/rate-limiter";
export {
  UnifiedRateLimiter,
  type UnifiedRateLimiterOptions,
} from "./rate-limit/unified-rate-limiter";
export {
  type ExtractBranchReferencesOptions,
  extractBranchReferences,
} from "./references/extract-branch-references";
export {
  type ExtractReferencesOptions,
  extractReferences,
} from "./references/extract-references";
export { findShas, isSha, type ShaMatch } from "./references/git-shas";
export {
  findBranchIdentifiers,
  findLinearIdentifiers,
  type IdentifierContext,
  type IdentifierMatch,
  type LinearIdentifierOptions,
  NON_TEAM_KEYS,
  parseLinearIdentifier,
} from "./references/linear-identifiers";
export { mergeReferences } from "./references/merge-references";
export {
  type GitHubUrlOptions,
  type GitHubUrlTarget,
  type LinearIssueUrlTarget,
  parseGitHubUrl,
  parseLinearIssueUrl,
  parseSlackPermalink,
  type SlackPermalinkTarget,
} from "./references/platform-urls";
export {
  MAX_REFERENCE_SCAN_LENGTH,
  MAX_REFERENCES_PER_FIELD,
} from "./references/reference-limits";
export { CLOSING_WORDS, LINK_ONLY_WORDS } from "./references/reference-words";
export { classifyHttpResponse } from "./resilience/classify-http-response";
export { executeWithResilience } from "./resilience/execute-with-resilience";
export { findApiCallError } from "./resilience/find-api-call-error";
export { type GraphqlOperation, parseGraphqlOperation } from "./resilience/graphql-operation";
export { readRequestParams } from "./resilience/read-request-params";
export {
  type AttemptContext,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  isIdempotentMethod,
  type ResiliencePolicy,
  type ResilientCall,
  type ResilientOperation,
  type ResilientResult,
  resolveRetryPolicy,
} from "./resilience/resilience-options";
export {
  createResilientFetch,
  defaultRequestCacheKey,
  type FetchBody,
  type OutgoingRequest,
  type ResilientFetchOptions,
  type ResolvedRequest,
} from "./resilience/resilient-fetch";
export {
  type ResilientRequestInfo,
  type ResilientResponse,
  type ResponseClassification,
  type ResponseClassifier,
  readJsonBody,
} from "./resilience/resilient-response";
export { computeBackoffDelay } from "./retry/backoff";
export { isRetryableError } from "./retry/is-retryable-error";
export { classifyNetworkError, type NetworkFailure } from "./retry/network-error";
export { decideRetry, type RetryableFailure, type RetryDecision } from "./retry/retry-decision";
// Immutable values: frozen webhook payloads whose received text stores reuse.
export { jsonTextOf, parseFrozenJson } from "./sealing/json-text";
export { parseCorrelatedEvent, sealEvent } from "./sealing/seal-event";
export { parseCorrelation } from "./sealing/seal-link";
// Storable events: what sealing and appending repair so every store keeps the same data.
export { toStorableEvent } from "./sealing/storable/storable-event";
export {
  MAX_PAYLOAD_DEPTH,
  UNPARSED_PAYLOAD_KEY,
} from "./sealing/storable/storable-payload";
export { type CursorPosition, decodeCursor, encodeCursor } from "./store/event-cursor";
export { createMemoryEventStore, MemoryEventStore } from "./store/memory-event-store";
export { createMemoryWorkflowStore, MemoryWorkflowStore } from "./store/memory-workflow-store";
export { validateKeyLookups } from "./store/read-key-lookups";
export {
  DEFAULT_FIND_LIMIT,
  DEFAULT_LINEAGE_DEPTH,
  DEFAULT_QUERY_LIMIT,
  MAX_QUERY_LIMIT,
  readIntegerOption,
  readTypeGlobs,
} from "./store/store-input";
export { type LineageWalk, type LinkEnds, walkLineage } from "./store/walk-lineage";
export {
  checkRunPatch,
  checkStepPatch,
  checkStepRecord,
  checkWorkflowRecord,
  guardHolds,
  pendingStepRecords,
  type ResolvedWorkflowQuery,
  readWaitingStepQuery,
  readWorkflowQuery,
  WORKFLOW_STATUSES,
  WORKFLOW_STEP_STATUSES,
} from "./store/workflow-record-input";
// Webhooks
export { createWebhookHandler, type WebhookHandler } from "./webhooks/create-webhook-handler";
export {
  type NodeListener,
  type NodeListenerOptions,
  type NodeWebhookRequest,
  toNodeListener,
} from "./webhooks/node/to-node-listener";
export type { PostAckContext } from "./webhooks/pipeline/after-ack-runner";
export { parseFormBody, parseJsonObject, requireHeader } from "./webhooks/read-webhook-body";
// Webhook helpers shared by the adapters' sources
export {
  assertFreshTimestamp,
  type HmacSignatureCheck,
  verifyHmacSignature,
} from "./webhooks/verify-hmac-signature";
export { errorResponse, replyToResponse, type WebhookErrorCode } from "./webhooks/webhook-answer";
export {
  DEFAULT_AFTER_ACK_LEASE_MS,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_AFTER_ACK,
  DEFAULT_RESUME_INTERVAL_MS,
  DEFAULT_STORE_TIMEOUT_MS,
  type WebhookHandlerOptions,
} from "./webhooks/webhook-handler-options";
export { mediaTypeOf, type WebhookHeaders } from "./webhooks/webhook-headers";
