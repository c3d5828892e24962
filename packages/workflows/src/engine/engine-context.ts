import type {
  Clock,
  EventBus,
  EventStore,
  Instrumentation,
  WorkflowLogger,
  WorkflowRuntime,
  WorkflowStore,
} from "@contexten/core";
import type { ErrorSinks } from "@contexten/core/adapter";
import type { ActionRegistry } from "../actions/action-registry";

/** What every part of the engine shares. */
export interface EngineContext {
  store: WorkflowStore;
  events: EventStore;
  runtime: WorkflowRuntime;
  clock: Clock;
  actions: ActionRegistry;
  sinks: ErrorSinks;
  bus: EventBus | undefined;
  instrumentation: Instrumentation | undefined;
  logger: WorkflowLogger;
  random: () => number;
  /** Lease of a step task beyond the step's own timeout, ms. */
  leaseGraceMs: number;
  /** Lease of a step without `timeoutSeconds`, ms. */
  defaultStepLeaseMs: number;
  /** Abort controllers of the attempts running in this process, by run id. */
  inflight: Map<string, Set<AbortController>>;
}

/** Where a run's state keeps the trace context of the work that started it. */
export const TRACE_CONTEXT_STATE_KEY = "traceContext";

/** The current time on the engine's clock, as a Date. */
export function nowDate(context: Pick<EngineContext, "clock">): Date {
  return new Date(context.clock.now());
}

/** Aborts every attempt of `runId` running in this process with `reason`. */
export function abortInflight(context: EngineContext, runId: string, reason: unknown): void {
  for (const controller of context.inflight.get(runId) ?? []) controller.abort(reason);
}
