import type { Clock } from "../clock/clock";

/**
 * One unit of durable work a workflow engine asks its runtime to deliver: run a step
 * attempt, resume a waiting step, enforce a run's deadline. The runtime stores it, delivers
 * it to the handler at or after `runAt` (again after a crash), and forgets it once a
 * delivery's handler resolves.
 */
export interface WorkflowTask {
  /**
   * Unique key. Scheduling a key that is already scheduled, running or done does nothing,
   * which makes scheduling idempotent: engines derive keys from run, step and attempt.
   */
  key: string;
  /** What to do; the engine defines the kinds (`step`, `resume`, `deadline`, …). */
  kind: string;
  /** The run it belongs to. */
  runId: string;
  /** The step it concerns, if any. */
  stepId?: string;
  /** Extra data (JSON). */
  data?: Record<string, unknown>;
  /** Deliver no earlier than this (epoch ms on the runtime's clock); default now. */
  runAt?: number;
  /**
   * How long one delivery may run before the runtime presumes its worker dead and delivers
   * the task again, ms. Runtimes round it to what they support.
   */
  leaseMs?: number;
}

/** One delivery of a task to the handler. */
export interface WorkflowTaskDelivery {
  /** The task. */
  task: WorkflowTask;
  /**
   * 1 for the first delivery; more when an earlier delivery did not finish (its worker
   * crashed, its lease ran out, or its handler threw).
   */
  delivery: number;
  /** Aborted when the runtime stops (and, where the runtime can tell, when the lease ran out). */
  signal: AbortSignal;
}

/**
 * Handles a delivery. Resolving marks the task done; throwing makes the runtime deliver it
 * again later (with backoff), for failures of the infrastructure such as a database outage.
 */
export type WorkflowTaskHandler = (delivery: WorkflowTaskDelivery) => Promise<void>;

/**
 * A durable task runtime behind a workflow engine: `@contexten/workflows` ships one in
 * memory (tests, single process) and one on pg-boss (PostgreSQL or PGlite). Every
 * implementation runs `runWorkflowRuntimeConformance` from `@contexten/workflows/testing`.
 *
 * Delivery is at least once: handlers must be idempotent (the engine's are: every state
 * change is a conditional update of the stored run).
 */
export interface WorkflowRuntime {
  /** Short name for logs and errors, e.g. `memory`, `pg-boss`. */
  readonly name: string;
  /** The clock `runAt` is measured on; the engine uses it too. */
  readonly clock: Clock;
  /** Stores tasks for delivery; keys already known are ignored. Works before `start`. */
  schedule(tasks: readonly WorkflowTask[]): Promise<void>;
  /** Starts delivering tasks (this process becomes a worker). */
  start(handler: WorkflowTaskHandler): Promise<void>;
  /** Stops delivering and waits for deliveries in progress (their tasks stay stored). */
  stop(): Promise<void>;
  /**
   * Forgets scheduled tasks that have not started (a finished run's deadline). Optional:
   * without it such tasks are delivered and find nothing to do.
   */
  cancel?(keys: readonly string[]): Promise<void>;
  /**
   * Resolves once this process runs no task and no task is due now (tasks scheduled for
   * later do not count): for tests, demos and orderly shutdowns. Optional.
   */
  idle?(): Promise<void>;
}
