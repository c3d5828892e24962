import type {
  CorrelatedEvent,
  CorrelatedEventInput,
  EventStore,
  WorkflowRuntime,
  WorkflowStatus,
  WorkflowStore,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { createWorkflowEngine } from "../../engine/create-workflow-engine";
import type { WorkflowEngine, WorkflowRunView } from "../../engine/workflow-engine";
import { type AdvanceableClock, type RunUntilOptions, runUntil } from "../run-until";
import { createTestActions, type TestActions } from "../test-actions";

/** What a runtime under test provides, fresh for every test. */
export interface WorkflowRuntimeHarness {
  /** The runtime, not started (the suite starts it through an engine). */
  runtime: WorkflowRuntime;
  /** Where runs live. */
  store: WorkflowStore;
  /** Where events live. */
  events: EventStore;
  /** The runtime's clock, moved by hand (it must be `runtime.clock`). */
  clock: AdvanceableClock;
  /** Resolves when deliveries in progress have finished (without moving time). */
  settle(): Promise<void>;
  /** Releases what the harness created. */
  cleanup?(): Promise<void>;
}

/** One test's engine, actions and helpers. */
export interface RuntimeFixture {
  /** The harness. */
  harness: WorkflowRuntimeHarness;
  /** A started engine on the harness, with the test actions. */
  engine: WorkflowEngine;
  /** The test actions and their log. */
  test: TestActions;
  /** Runs until `condition` holds (moving fake time). */
  until(condition: () => boolean | Promise<boolean>, options?: RunUntilOptions): Promise<void>;
  /** Runs until the run is in one of `statuses`, then returns it with its steps. */
  untilStatus(
    runId: string,
    statuses: WorkflowStatus[],
    options?: RunUntilOptions,
  ): Promise<WorkflowRunView>;
  /** Runs until a step of the run is in `status`. */
  untilStep(
    runId: string,
    stepId: string,
    status: string,
    options?: RunUntilOptions,
  ): Promise<void>;
  /** Stores an event (in correlation group `group-1` unless told) and returns it. */
  storeEvent(id: string, overrides?: Partial<CorrelatedEventInput>): Promise<CorrelatedEvent>;
}

/** Builds a fixture around a fresh harness. */
export async function createRuntimeFixture(
  harness: WorkflowRuntimeHarness,
): Promise<RuntimeFixture> {
  const test = createTestActions();
  const engine = createWorkflowEngine({
    store: harness.store,
    events: harness.events,
    runtime: harness.runtime,
    actions: test.actions,
    random: () => 0.5,
    logger: { info() {}, warn() {}, error() {} },
  });
  await engine.start();
  const settle = () => harness.settle();
  const until = (condition: () => boolean | Promise<boolean>, options?: RunUntilOptions) =>
    runUntil(harness.clock, settle, condition, options);
  return {
    harness,
    engine,
    test,
    until,
    async untilStatus(runId, statuses, options) {
      let view: WorkflowRunView | undefined;
      await until(
        async () => {
          view = await engine.getRun(runId);
          return view !== undefined && statuses.includes(view.run.status);
        },
        { description: `run ${runId} reaching ${statuses.join("/")}`, ...options },
      );
      return view!;
    },
    async untilStep(runId, stepId, status, options) {
      await until(
        async () =>
          (await engine.getRun(runId))?.steps.find((step) => step.stepId === stepId)?.status ===
          status,
        { description: `step ${stepId} reaching ${status}`, ...options },
      );
    },
    async storeEvent(id, overrides = {}) {
      const at = new Date(harness.clock.now());
      const event = correlatedEventSchema.parse({
        id,
        type: "github.pull_request.opened",
        platform: "github",
        occurredAt: at,
        receivedAt: at,
        subject: { kind: "pull_request", id: `pr-${id}`, key: "acme/api#42" },
        keys: ["github:pr:acme/api#42"],
        payload: {
          action: "opened",
          number: 42,
          pull_request: { title: "Fix login", draft: false },
        },
        correlationId: "group-1",
        ...overrides,
      });
      await harness.events.append(event);
      return event;
    },
  };
}
