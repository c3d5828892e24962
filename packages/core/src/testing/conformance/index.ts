/**
 * `@contexten/core/testing/conformance`: one suite per contract (`EventStore`,
 * `IssueTracker`, `Notifier`, `WebhookSource`) that checks any implementation the same way,
 * in a few lines of a test file. The suites register `vitest` tests, so this entry needs
 * `vitest` (3 or newer) installed; the helpers they use come from `@contexten/core/testing`.
 *
 * @packageDocumentation
 */

export {
  type CacheConformanceOptions,
  runCacheConformance,
} from "../cache-conformance";
// Normalizers against fields of unexpected types, delivered through a handler.
export {
  type DeliverOddPayloadsOptions,
  deliverOddPayloads,
  type OddPayloadDeliveries,
} from "../deliver-odd-payloads";
export {
  type EventStoreConformanceOptions,
  runEventStoreConformance,
} from "../event-store-conformance";
export {
  type IssueTrackerCapabilities,
  type IssueTrackerConformanceOptions,
  runIssueTrackerConformance,
} from "../issue-tracker-conformance";
export {
  type NotifierConformanceOptions,
  runNotifierConformance,
} from "../notifier-conformance";
export {
  type RateLimitBackendConformanceOptions,
  runRateLimitBackendConformance,
} from "../rate-limit-backend-conformance";
export {
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from "../session-store-conformance";
export {
  type ConformanceDelivery,
  runWebhookSourceConformance,
  type WebhookSourceConformanceOptions,
} from "../webhook-source-conformance";
export {
  runWorkflowStoreConformance,
  type WorkflowStoreConformanceOptions,
} from "../workflow-store-conformance";
