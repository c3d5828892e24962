/**
 * `@contexten/workflows`: runs contexten `WorkflowDefinition`s durably. Triggers from stored
 * events, steps as a DAG with retries, timeouts, durable waits for events, timers and
 * people, on a memory runtime or on pg-boss (PostgreSQL or PGlite).
 *
 * @packageDocumentation
 */

export { ActionRegistry } from "./actions/action-registry";
export {
  type AwaitEventOutput,
  awaitEventAction,
  BUILTIN_ACTIONS,
  observedAwaitEventAction,
  sleepAction,
  waitOutput,
} from "./actions/builtin-actions";
export { allConditionsHold, conditionHolds } from "./definitions/conditions";
export {
  findTemplates,
  renderTemplates,
  type TemplateContext,
  type TemplateUse,
} from "./definitions/templates";
export { validateDefinition } from "./definitions/validate-definition";
export { createWorkflowEngine } from "./engine/create-workflow-engine";
export { RUN_LINK_RULE, RunEventTypes, runKey } from "./engine/run-events";
export type { TriggeredRun } from "./engine/start-run";
export { TaskKinds } from "./engine/tasks";
export {
  type ManualTriggerOptions,
  WorkflowEngine,
  type WorkflowRunView,
} from "./engine/workflow-engine";
export {
  DEFAULT_LEASE_GRACE_MS,
  DEFAULT_STEP_LEASE_MS,
  type WorkflowEngineOptions,
} from "./engine/workflow-engine-options";
export { toErrorRecord, WorkflowError, type WorkflowErrorCode } from "./errors/workflow-error";
export {
  createMemoryRuntime,
  type MemoryRuntimeOptions,
  MemoryWorkflowRuntime,
} from "./runtime/memory-runtime";
export {
  createPgBossRuntime,
  PgBossWorkflowRuntime,
  taskJobId,
} from "./runtime/pg-boss-runtime";
export type { PgBossRuntimeOptions } from "./runtime/pg-boss-runtime-options";
