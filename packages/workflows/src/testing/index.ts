/**
 * `@contexten/workflows/testing`: a hand-driven clock, a wait helper and controllable test
 * actions for workflow tests. It needs no test runner; the runtime conformance suite, which
 * needs `vitest`, is in `@contexten/workflows/testing/conformance`.
 *
 * @packageDocumentation
 */

export type { RuntimeFixture, WorkflowRuntimeHarness } from "./conformance/runtime-fixture";
export { ManualClock } from "./manual-clock";
export { type AdvanceableClock, type RunUntilOptions, runUntil } from "./run-until";
export { createTestActions, type TestActionEntry, type TestActions } from "./test-actions";
