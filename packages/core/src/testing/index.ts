/**
 * `@contexten/core/testing`: test helpers and conformance suites for contexten contracts.
 * Import it from tests only; it depends on `vitest` for the conformance suites.
 *
 * @packageDocumentation
 */
export {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
  TEST_WEBHOOK_HEADERS,
  type TestWebhookBody,
  type TestWebhookSourceOptions,
} from "./test-webhook-source";
