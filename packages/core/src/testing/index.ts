/**
 * `@contexten/core/testing`: test helpers for contexten contracts: a fake platform server
 * kit, in-memory issue tracker and notifier, and a signed test webhook source. It needs no
 * test runner (nothing here imports `vitest`), so apps, demos and scripts can use it too.
 * The conformance suites, which do need `vitest`, are in `@contexten/core/testing/conformance`.
 *
 * @packageDocumentation
 */

export type { DeliveredNotification } from "./delivered-notification";
// Fake platform server kit (outbound resilience): a real HTTP server on 127.0.0.1 with
// scripted routes, behaviours (ETags, latency), faults and request recording. The
// rate-limit behaviours of each platform are in its adapter's `testing` entry.
export {
  compileRoutePattern,
  conditionalGet,
  type DemandOutcome,
  FAKE_TIME_TIMERS,
  type FakeBehaviour,
  type FakeBehaviourContext,
  type FakeGraphqlRequest,
  type FakePlatformServer,
  type FakePlatformServerOptions,
  type FakeRequest,
  type FakeResponse,
  type FakeRouteHandler,
  type FakeTimeHarness,
  type FakeTimerControl,
  type FaultOptions,
  type FetchTracker,
  fakeTimeHarnessPerTest,
  faults,
  latency,
  type RecordedRequest,
  type RoutePattern,
  runFakeTimeUntil,
  type SettlementLog,
  settlementLog,
  startDemand,
  startFakePlatformServer,
  startFakeTimeHarness,
  type TestHooks,
  trackFetch,
} from "./fake-platform-server/index";
export { MemoryIssueTracker } from "./memory-issue-tracker";
export { MemoryNotifier, type RecordedNotification } from "./memory-notifier";
// Normalizers against fields of unexpected types: record the fields read, replace each.
export {
  DEEP_NESTING,
  DEEP_NESTING_DEPTH,
  HUGE_STRING,
  ODD_VALUES,
  type OddPayloadVariant,
  oddPayloadJson,
  oddPayloadVariants,
  type PayloadPath,
  recordPayloadReads,
  withValueAt,
} from "./odd-payloads";
// Tests of a platform's request rules (its response classifier and request resolver).
export {
  TEST_REQUEST_INFO,
  testOutgoingRequest,
  testResponse,
} from "./request-rule-fixtures";
export {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
  TEST_WEBHOOK_HEADERS,
  type TestWebhookBody,
  type TestWebhookSourceOptions,
} from "./test-webhook-source";
// Helpers for adapter webhook tests: drive a source directly, strip headers.
export { toTestWebhookRequest, withoutHeaders } from "./webhook-test-requests";
export { createTestActionContext } from "./workflow-action-context";
