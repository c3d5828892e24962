/**
 * `@contexten/core/adapter`: what an adapter or store author needs, so every platform and
 * every store does the same things the same way.
 *
 * - Webhook sources: {@link buildEvent}, the one event builder (derived ids, deduplicated
 *   and validated keys, merged refs without the event's own keys, a valid subject,
 *   sealed; it never throws on what came from a payload); payload readers
 *   ({@link readString}, {@link readNumber}, {@link readBoolean}, {@link readObject},
 *   {@link readArray}, {@link readDate}, {@link readUrl}, {@link readId},
 *   {@link readValue}) that return `undefined` for a missing field or one of another type;
 *   {@link typeSegment}, {@link firstLine} and {@link objectKey} for event types, titles and
 *   identity keys; {@link extendFrozenJson}; signature checks on Web Crypto
 *   ({@link verifyHmacSignature}, {@link assertFreshTimestamp}); secrets from an option, a
 *   rotation list or the environment ({@link resolveWebhookSecrets}); header and body
 *   readers; the webhook contract's parse, normalize and acknowledge types.
 * - Events: {@link deriveEventId}, {@link sealEvent}, {@link parseCorrelatedEvent},
 *   {@link toStorableEvent}; references found in text ({@link extractReferences},
 *   {@link extractBranchReferences}, {@link mergeReferences}, URL parsers) and key helpers.
 * - Stores: delivery records, opaque cursors ({@link encodeCursor}, {@link decodeCursor}),
 *   key lookups, lineage walking, workflow record checks, link ids, tagged JSON.
 * - Platform clients: rate-limit profiles ({@link RateLimitProfile},
 *   {@link createBudgetProfile}, {@link platformRateLimiter}), bucket state for backends,
 *   header readers, the resilient fetch ({@link createResilientFetch},
 *   {@link executeWithResilience}), response classification and retries, health checks,
 *   config reading ({@link readConfig}).
 *
 * @packageDocumentation
 */

export { conditionalHeaders, globToRegExp, isFresh } from "../cache/cache";
export { abortReason, sleep } from "../clock/clock";
export {
  fromTaggedJson,
  type JsonValue,
  parseTagged,
  stringifyTagged,
  toTaggedJson,
} from "../codec/tagged-json";
export { type ClientConfigDefaults, clientConfigFields } from "../config/client-config-fields";
export { CORRELATION_ENVIRONMENT, resolveCorrelationConfig } from "../config/correlation-config";
export {
  type ConfigReader,
  configReader,
  type Environment,
  type EnvironmentBindings,
  readConfig,
  splitSecrets,
} from "../config/read-config";
export {
  resolveWebhookSecrets,
  type WebhookSecretsOptions,
} from "../config/resolve-webhook-secrets";
export type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
  StoreDeliveryStatus,
} from "../contracts/delivery-record";
export { captureTraceContext, emitInstrumentation, traceStep } from "../contracts/instrumentation";
export type {
  AcknowledgeContext,
  NormalizeContext,
  ParsedWebhook,
  WebhookControl,
  WebhookReply,
} from "../contracts/webhook-source";
export { createWorkflowSuspension, isWorkflowSuspension } from "../contracts/workflow-action";
export { FINAL_STEP_STATUSES, FINAL_WORKFLOW_STATUSES } from "../contracts/workflow-store";
export { isCodeRule } from "../correlation/correlation-rule";
export {
  CorrelationRuleEngine,
  type CorrelationRuleEngineOptions,
  type RuleMatch,
} from "../correlation/correlation-rule-engine";
export { EVIDENCE_STRENGTH, strongerEvidence } from "../correlation/evidence-strength";
export { overallStrength, strongestPathStrengths } from "../correlation/lineage-strength";
export { groupId, linkId } from "../correlation/link-id";
export {
  type IndexedEvent,
  indexEvent,
  type KeyMatchResult,
  matchKeys,
} from "../correlation/match-keys";
export { keysOfReference, type ReferenceKeyOptions } from "../correlation/reference-keys";
export { type ApiCallErrorOptions, isRetryableStatus } from "../errors/api-call-error";
export type { ContextenErrorOptions } from "../errors/contexten-error";
export { parseWithSchema, toValidationIssues } from "../errors/parse-with-schema";
export type { RateLimitErrorOptions } from "../errors/rate-limit-error";
export { deriveEventId } from "../events/derive-event-id";
export { type ErrorSinks, reportError } from "../events/report-error";
export {
  checkPlatformHealth,
  type HealthProbeResult,
  type PlatformHealthCheck,
} from "../health/check-platform-health";
export { boundCorrelationKey, MAX_CORRELATION_KEY_BYTES } from "../keys/bound-correlation-key";
export { normalizeRepository, normalizeUrl } from "../keys/correlation-keys";
export { platformObjectKey } from "../keys/platform-object-key";
export { matchesTypeGlob, readPath } from "../models/event-pattern";
export { EVENT_TYPE_PATTERN } from "../models/event-type";
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
} from "../rate-limit/bucket-state";
export {
  type PlatformRateLimiterOptions,
  platformRateLimiter,
} from "../rate-limit/platform-rate-limiter";
export type {
  AcquireAttempt,
  BucketCharge,
  BucketObservation,
  BucketSnapshot,
  ChargeReceipt,
  MaybePromise,
  RateLimitBucket,
} from "../rate-limit/rate-limit-backend";
export {
  epochHeaderMs,
  type HeaderInput,
  type HeaderRecord,
  normalizeHeaders,
  numericHeader,
  parseRetryAfter,
} from "../rate-limit/rate-limit-headers";
export {
  createBudgetProfile,
  defaultBurst,
  type OperationKind,
  type ProfileCharge,
  type RateLimitProfile,
  type RateLimitReport,
} from "../rate-limit/rate-limit-profile";
export { RateLimitRegistry } from "../rate-limit/rate-limit-registry";
export {
  type ExtractBranchReferencesOptions,
  extractBranchReferences,
} from "../references/extract-branch-references";
export { type ExtractReferencesOptions, extractReferences } from "../references/extract-references";
export { findShas, isSha, type ShaMatch } from "../references/git-shas";
export {
  findBranchIdentifiers,
  findLinearIdentifiers,
  type IdentifierContext,
  type IdentifierMatch,
  type LinearIdentifierOptions,
  NON_TEAM_KEYS,
  parseLinearIdentifier,
} from "../references/linear-identifiers";
export { mergeReferences } from "../references/merge-references";
export {
  type GitHubUrlOptions,
  type GitHubUrlTarget,
  type LinearIssueUrlTarget,
  parseGitHubUrl,
  parseLinearIssueUrl,
  parseSlackPermalink,
  type SlackPermalinkTarget,
} from "../references/platform-urls";
export {
  MAX_REFERENCE_SCAN_LENGTH,
  MAX_REFERENCES_PER_FIELD,
} from "../references/reference-limits";
export { CLOSING_WORDS, LINK_ONLY_WORDS } from "../references/reference-words";
export { classifyHttpResponse } from "../resilience/classify-http-response";
export { executeWithResilience } from "../resilience/execute-with-resilience";
export { findApiCallError } from "../resilience/find-api-call-error";
export { type GraphqlOperation, parseGraphqlOperation } from "../resilience/graphql-operation";
export { readRequestParams } from "../resilience/read-request-params";
export {
  type AttemptContext,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  isIdempotentMethod,
  type ResiliencePolicy,
  type ResilientCall,
  type ResilientOperation,
  type ResilientResult,
  resolveRetryPolicy,
} from "../resilience/resilience-options";
export {
  createResilientFetch,
  defaultRequestCacheKey,
  type FetchBody,
  type OutgoingRequest,
  type ResilientFetchOptions,
  type ResolvedRequest,
} from "../resilience/resilient-fetch";
export {
  type ResilientRequestInfo,
  type ResilientResponse,
  type ResponseClassification,
  type ResponseClassifier,
  readJsonBody,
} from "../resilience/resilient-response";
export { computeBackoffDelay } from "../retry/backoff";
export { isRetryableError } from "../retry/is-retryable-error";
export { classifyNetworkError, type NetworkFailure } from "../retry/network-error";
export { decideRetry, type RetryableFailure, type RetryDecision } from "../retry/retry-decision";
export { extendFrozenJson, jsonTextOf, parseFrozenJson } from "../sealing/json-text";
export { parseCorrelatedEvent, sealEvent } from "../sealing/seal-event";
export { parseCorrelation } from "../sealing/seal-link";
export { toStorableEvent } from "../sealing/storable/storable-event";
export { MAX_PAYLOAD_DEPTH, UNPARSED_PAYLOAD_KEY } from "../sealing/storable/storable-payload";
export { type CursorPosition, decodeCursor, encodeCursor } from "../store/event-cursor";
export { validateKeyLookups } from "../store/read-key-lookups";
export {
  DEFAULT_FIND_LIMIT,
  DEFAULT_LINEAGE_DEPTH,
  DEFAULT_QUERY_LIMIT,
  MAX_QUERY_LIMIT,
  readIntegerOption,
  readTypeGlobs,
} from "../store/store-input";
export { type LineageWalk, type LinkEnds, walkLineage } from "../store/walk-lineage";
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
} from "../store/workflow-record-input";
export { parseFormBody, parseJsonObject, requireHeader } from "../webhooks/read-webhook-body";
export {
  assertFreshTimestamp,
  type HmacSignatureCheck,
  verifyHmacSignature,
} from "../webhooks/verify-hmac-signature";
export { errorResponse, replyToResponse, type WebhookErrorCode } from "../webhooks/webhook-answer";
export {
  DEFAULT_AFTER_ACK_LEASE_MS,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_AFTER_ACK,
  DEFAULT_RESUME_INTERVAL_MS,
  DEFAULT_STORE_TIMEOUT_MS,
} from "../webhooks/webhook-handler-options";
export { mediaTypeOf, type WebhookHeaders } from "../webhooks/webhook-headers";
export { boundKey } from "./bound-key";
export { buildEvent, type EventContext, type EventParts, type SubjectParts } from "./build-event";
export { firstLine } from "./first-line";
export { objectKey } from "./object-key";
export { type IntegrationDefaults, PlatformIntegration } from "./platform-integration";
export {
  type PayloadPathKey,
  readArray,
  readBoolean,
  readDate,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
  readValue,
  type ValueReader,
} from "./read-payload";
export { typeSegment } from "./type-segment";
