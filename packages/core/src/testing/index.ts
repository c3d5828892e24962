/**
 * `@contexten/core/testing`: test helpers and conformance suites for contexten contracts.
 * Import it from tests only; it depends on `vitest` for the conformance suites.
 *
 * @packageDocumentation
 */

// Conformance suites for the IssueTracker and Notifier contracts (they import vitest).
export {
  type IssueTrackerCapabilities,
  type IssueTrackerConformanceOptions,
  runIssueTrackerConformance,
} from "./issue-tracker-conformance";
export { MemoryIssueTracker } from "./memory-issue-tracker";
export { MemoryNotifier, type RecordedNotification } from "./memory-notifier";
export {
  type DeliveredNotification,
  type NotifierConformanceOptions,
  runNotifierConformance,
} from "./notifier-conformance";
export {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
  TEST_WEBHOOK_HEADERS,
  type TestWebhookBody,
  type TestWebhookSourceOptions,
} from "./test-webhook-source";
export {
  type ConformanceDelivery,
  runWebhookSourceConformance,
  type WebhookSourceConformanceOptions,
} from "./webhook-source-conformance";
