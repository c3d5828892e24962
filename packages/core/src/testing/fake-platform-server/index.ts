export { conditionalGet, faults, latency } from "./behaviours";
export {
  type FakePlatformServer,
  type FakePlatformServerOptions,
  startFakePlatformServer,
} from "./fake-platform-server";
export {
  type DemandOutcome,
  FAKE_TIME_TIMERS,
  type FetchTracker,
  runFakeTimeUntil,
  type SettlementLog,
  settlementLog,
  startDemand,
  trackFetch,
} from "./fake-time";
export {
  type FakeTimeHarness,
  type FakeTimerControl,
  fakeTimeHarnessPerTest,
  startFakeTimeHarness,
  type TestHooks,
} from "./fake-time-harness";
export {
  type GitHubRateLimitOptions,
  type GitHubRateLimitWindow,
  githubRateLimit,
  type LinearRateLimitOptions,
  linearRateLimit,
  type SlackRateLimitOptions,
  slackRateLimit,
} from "./rate-limit-behaviours";
export { compileRoutePattern, type RoutePattern } from "./route-pattern";
export type {
  FakeBehaviour,
  FakeBehaviourContext,
  FakeGraphqlRequest,
  FakeRequest,
  FakeResponse,
  FakeRouteHandler,
  FaultOptions,
  RecordedRequest,
} from "./types";
