import type {
  AnyWorkflowAction,
  Clock,
  EventBus,
  EventStore,
  Instrumentation,
  WorkflowDefinition,
  WorkflowDefinitionInput,
  WorkflowLogger,
  WorkflowRuntime,
  WorkflowStore,
} from "@contexten/core";

/** Default lease of a step without `timeoutSeconds`: 15 minutes. */
export const DEFAULT_STEP_LEASE_MS = 15 * 60_000;

/** Default extra lease beyond a step's timeout: 30 s. */
export const DEFAULT_LEASE_GRACE_MS = 30_000;

/** Options of `createWorkflowEngine`. */
export interface WorkflowEngineOptions {
  /** Where runs and steps are kept (`@contexten/storage-postgres`, or `MemoryWorkflowStore`). */
  store: WorkflowStore;
  /**
   * Where trigger events are read, waits look back, and run events are written (often the
   * same object as `store`, e.g. a `PostgresStore`).
   */
  events: EventStore;
  /** Delivers the engine's tasks: `createMemoryRuntime()` or `createPgBossRuntime(…)`. */
  runtime: WorkflowRuntime;
  /** Actions besides the built-in `contexten.*` ones (adapters' factories, your own). */
  actions?: readonly AnyWorkflowAction[] | undefined;
  /** Definitions to register now (validated like `register`). */
  definitions?: readonly (WorkflowDefinitionInput | WorkflowDefinition)[] | undefined;
  /** Receives `workflow` updates (runs and steps) and `error`. */
  bus?: EventBus | undefined;
  /** Receives `onWorkflowExecution` per update and `onError`. */
  instrumentation?: Instrumentation | undefined;
  /** Time for timestamps, timeouts and backoff (default: the runtime's clock). */
  clock?: Clock | undefined;
  /** Where actions and the engine log (default `console`). */
  logger?: WorkflowLogger | undefined;
  /** Source of randomness for retry jitter, [0, 1) (default `Math.random`). */
  random?: (() => number) | undefined;
  /**
   * How long a step without `timeoutSeconds` may run before the runtime presumes its worker
   * dead and runs it elsewhere, ms (default 15 minutes). Steps with `timeoutSeconds` get
   * that timeout plus `leaseGraceMs`.
   */
  defaultStepLeaseMs?: number | undefined;
  /** Extra lease beyond a step's timeout, ms (default 30 s). */
  leaseGraceMs?: number | undefined;
}
