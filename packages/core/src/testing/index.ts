/**
 * `@contexten/core/testing`: test helpers and conformance suites for contexten contracts.
 * Import it from tests only; it depends on `vitest` for the conformance suites.
 *
 * @packageDocumentation
 */

// Conformance suites for the shared-state contracts: RateLimitBackend, Cache, SessionStore.
export {
  type CacheConformanceOptions,
  runCacheConformance,
} from "./cache-conformance";
// EventStore conformance suite (issue 3): any EventStore runs it in a few lines.
export {
  type EventStoreConformanceOptions,
  runEventStoreConformance,
} from "./event-store-conformance";
// Fake platform server kit (outbound resilience): a real HTTP server on 127.0.0.1 with
// scripted routes, rate-limit behaviours, ETags, faults and request recording.
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
  faults,
  type GitHubRateLimitOptions,
  type GitHubRateLimitWindow,
  githubRateLimit,
  type LinearRateLimitOptions,
  latency,
  linearRateLimit,
  type RecordedRequest,
  type RoutePattern,
  runFakeTimeUntil,
  type SlackRateLimitOptions,
  slackRateLimit,
  startDemand,
  startFakePlatformServer,
  startFakeTimeHarness,
  trackFetch,
} from "./fake-platform-server/index";
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
  type RateLimitBackendConformanceOptions,
  runRateLimitBackendConformance,
} from "./rate-limit-backend-conformance";
export {
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from "./session-store-conformance";
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
// Helpers for adapter webhook tests (issue 7): drive a source directly, strip headers.
export { toTestWebhookRequest, withoutHeaders } from "./webhook-test-requests";
