/**
 * `@contexten/core/testing/conformance`: one suite per contract (`EventStore`,
 * `IssueTracker`, `Notifier`, `WebhookSource`) that checks any implementation the same way,
 * in a few lines of a test file. The suites register `vitest` tests, so this entry needs
 * `vitest` (3 or newer) installed; the helpers they use come from `@contexten/core/testing`.
 *
 * @packageDocumentation
 */

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
  type ConformanceDelivery,
  runWebhookSourceConformance,
  type WebhookSourceConformanceOptions,
} from "../webhook-source-conformance";
