/**
 * `@contexten/core/testing`: test helpers and conformance suites for contexten contracts.
 * Import it from tests only; it depends on `vitest` for the conformance suites.
 *
 * @packageDocumentation
 */

// EventStore conformance suite (issue 3): any EventStore runs it in a few lines.
export {
  type EventStoreConformanceOptions,
  runEventStoreConformance,
} from "./event-store-conformance";
export {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
  TEST_WEBHOOK_HEADERS,
  type TestWebhookBody,
  type TestWebhookSourceOptions,
} from "./test-webhook-source";
