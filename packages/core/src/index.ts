/**
 * `@contexten/core`: what an application built on contexten uses. The contracts stores,
 * notifiers, issue trackers, platform clients and workflow runtimes implement; the models
 * they exchange and their errors; the webhook handler (`createWebhookHandler`,
 * `toNodeListener`); the correlation engine and its rules; in-memory stores; the event
 * bus, clock, cache, rate limiter and instrumentation hooks.
 *
 * Two more entries serve other readers:
 *
 * - `@contexten/core/adapter`: the kit for writing a platform adapter or a store (event
 *   builder, payload readers, signature checks, secrets, sealing, reference extraction,
 *   rate-limit profiles and buckets, the resilient fetch, cursors, record checks);
 * - `@contexten/core/schemas`: the zod schema of every model and config, to validate
 *   input at your own boundaries.
 *
 * @packageDocumentation
 */

export type { Cache, CacheEntry, CacheSetOptions } from "./cache/cache";
export { MemoryCache } from "./cache/memory-cache";
export { type Clock, type ClockTimer, systemClock } from "./clock/clock";
export type { CacheConfig, CacheConfigInput } from "./config/cache-config";
export type { CorrelationConfig, CorrelationConfigInput } from "./config/correlation-config";
export type {
  RateLimitBudget,
  RateLimitConfig,
  RateLimitConfigInput,
} from "./config/rate-limit-config";
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
  combineInstrumentation,
  type ErrorInfo,
  type Instrumentation,
  type InstrumentationHookName,
  noopInstrumentation,
  type RateLimitWaitInfo,
  type TraceAttributes,
  type TracedStep,
  TracedStepNames,
  type TraceScope,
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
export type { AuthenticationResult, PlatformInterface } from "./contracts/platform-interface";
export type { SessionStore, StoredSession } from "./contracts/session-store";
export type { WebhookDelivery, WebhookRequest, WebhookSource } from "./contracts/webhook-source";
export {
  type AnyWorkflowAction,
  defineWorkflowAction,
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
export type {
  UpdateGuard,
  WaitingStepQuery,
  WorkflowErrorRecord,
  WorkflowQuery,
  WorkflowRecord,
  WorkflowRunPatch,
  WorkflowStatus,
  WorkflowStepPatch,
  WorkflowStepRecord,
  WorkflowStepStatus,
  WorkflowStore,
  WorkflowWait,
} from "./contracts/workflow-store";
export { CorrelationEngine, createCorrelationEngine } from "./correlation/correlation-engine";
export type {
  CorrelationEngineOptions,
  CorrelationResult,
  EventLineageOptions,
  LineageByReferenceOptions,
} from "./correlation/correlation-engine-options";
export type {
  CandidateContext,
  CodeCorrelationRule,
  CodeRuleMatch,
  CorrelationRule,
  CorrelationRuleInput,
  DataCorrelationRule,
  DataCorrelationRuleInput,
  KeyMatch,
} from "./correlation/correlation-rule";
export { DEFAULT_CORRELATION_RULES } from "./correlation/default-rules";
export {
  AWAIT_EVENT_ACTION,
  createWorkflowFromEvents,
  type WorkflowFromEventsOptions,
} from "./correlation/workflow-from-events";
export { ApiCallError } from "./errors/api-call-error";
export { ConfigurationError } from "./errors/configuration-error";
export { ContextenError, type ContextenErrorCode } from "./errors/contexten-error";
export { NotFoundError } from "./errors/not-found-error";
export { RateLimitError } from "./errors/rate-limit-error";
export { ValidationError, type ValidationIssue } from "./errors/validation-error";
export {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./errors/webhook-verification-error";
export { type ContextenEventMap, createEventBus, EventBus } from "./events/event-bus";
export { CorrelationKeys } from "./keys/correlation-keys";
export type {
  CorrelatedEvent,
  CorrelatedEventInput,
  EventRef,
  EventSubject,
  Evidence,
} from "./models/correlated-event";
export type { Correlation, CorrelationEvidence } from "./models/correlation";
export type { EventLineage } from "./models/event-lineage";
export {
  compileEventPattern,
  type EventPattern,
  type EventPredicate,
  type FieldMatcher,
  matchesEventPattern,
} from "./models/event-pattern";
export { type EventType, EventTypes, type KnownEventType } from "./models/event-type";
export type { HealthStatus } from "./models/health-status";
export type { NotificationAction } from "./models/notification-action";
export { type Platform, Platforms } from "./models/platform";
export type { ProcessingResult } from "./models/processing-result";
export type { RetryPolicy, RetryPolicyInput } from "./models/retry-policy";
export type {
  IssuePriority,
  IssueStatus,
  IssueStatusCategory,
  UnifiedIssue,
} from "./models/unified-issue";
export type {
  NotificationPriority,
  UnifiedNotification,
  UnifiedNotificationInput,
} from "./models/unified-notification";
export type { WorkflowCondition } from "./models/workflow-condition";
export type { WorkflowDefinition, WorkflowDefinitionInput } from "./models/workflow-definition";
export type { WorkflowStep } from "./models/workflow-step";
export { MemoryRateLimitBackend } from "./rate-limit/memory-rate-limit-backend";
export type { RateLimitBackend } from "./rate-limit/rate-limit-backend";
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
export { createMemoryEventStore, MemoryEventStore } from "./store/memory-event-store";
export { createMemoryWorkflowStore, MemoryWorkflowStore } from "./store/memory-workflow-store";
export { createWebhookHandler, type WebhookHandler } from "./webhooks/create-webhook-handler";
export {
  type NodeListener,
  type NodeListenerOptions,
  type NodeWebhookRequest,
  toNodeListener,
} from "./webhooks/node/to-node-listener";
export type { PostAckContext } from "./webhooks/pipeline/after-ack-runner";
export type { WebhookHandlerOptions } from "./webhooks/webhook-handler-options";
