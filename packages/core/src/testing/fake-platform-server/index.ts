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
