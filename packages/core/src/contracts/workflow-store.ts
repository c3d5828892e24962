import type { EventPattern } from "../models/event-pattern";
import type { WorkflowDefinition } from "../models/workflow-definition";

/**
 * Lifecycle of a workflow run: `pending` (created, nothing started), `running`, `waiting`
 * (a step waits for an event, a person or a timer), then one of the final states
 * `completed`, `failed`, `canceled` or `timed_out` (the run outlived `timeoutMinutes`).
 */
export type WorkflowStatus =
  | "pending"
  | "running"
  | "waiting"
  | "completed"
  | "failed"
  | "canceled"
  | "timed_out";

/** The final run states: a run in one of them never changes again. */
export const FINAL_WORKFLOW_STATUSES: readonly WorkflowStatus[] = Object.freeze([
  "completed",
  "failed",
  "canceled",
  "timed_out",
]);

/** Why a run or a step failed, as stored: readable, and safe to show or log. */
export interface WorkflowErrorRecord {
  /** Stable machine-readable code, e.g. `validation_failed`, `workflow_step_timed_out`. */
  code: string;
  /** What went wrong and, where possible, what to do about it. */
  message: string;
  /** Whether the failure could succeed on another attempt. */
  retryable?: boolean;
  /** The step the failure comes from (on a run's error). */
  stepId?: string;
  /** The attempt that failed (on a step's error). */
  attempt?: number;
}

/** A stored workflow run. */
export interface WorkflowRecord {
  /** Run id. */
  id: string;
  /** Display name. */
  name: string;
  /** The definition it runs (a snapshot: later changes to the definition do not affect it). */
  definition: WorkflowDefinition;
  /** Current state. */
  status: WorkflowStatus;
  /** Event that started it, if any. */
  triggerEventId?: string | null;
  /** The trigger event's correlation group when the run started, for queries. */
  correlationId?: string | null;
  /** Input given to a manual trigger (`{}` for event triggers). */
  input?: Record<string, unknown>;
  /** Why the run failed, timed out or was canceled. */
  error?: WorkflowErrorRecord | null;
  /** Free-form run state. */
  state: Record<string, unknown>;
  /** Created. */
  createdAt: Date;
  /** Last changed. */
  updatedAt: Date;
  /** When the run reached a final state. */
  finishedAt?: Date | null;
}

/**
 * Lifecycle of one step of a run: `pending` until its dependencies are done, `running`
 * while an attempt runs, `retrying` between a failed attempt and the next, `waiting` for an
 * event, a person or a timer, then `completed`, `failed`, `skipped` (its `when` did not
 * hold) or `canceled` (the run ended first).
 */
export type WorkflowStepStatus =
  | "pending"
  | "running"
  | "retrying"
  | "waiting"
  | "completed"
  | "failed"
  | "skipped"
  | "canceled";

/** The final step states. */
export const FINAL_STEP_STATUSES: readonly WorkflowStepStatus[] = Object.freeze([
  "completed",
  "failed",
  "skipped",
  "canceled",
]);

/** What a waiting step waits for. */
export interface WorkflowWait {
  /** `event`: a later event; `timer`: a point in time (a durable sleep). */
  kind: "event" | "timer";
  /** Events that end the wait (`event` waits). */
  pattern?: EventPattern;
  /**
   * How a candidate event must relate to the run (`event` waits): `trigger` means it is in
   * the trigger's correlation group; `key` means it has `key` among its keys or refs.
   */
  match?: "trigger" | "key";
  /** The correlation key a `key` wait looks for. */
  key?: string;
  /** Events that occurred before this instant do not count. */
  since?: Date;
  /** When the wait ends without an event (the timer's end for `timer` waits). */
  until?: Date | null;
  /** What a timeout does: fail the step (default) or complete it with `timedOut: true`. */
  onTimeout?: "fail" | "continue";
}

/** One step of a run, as stored. */
export interface WorkflowStepRecord {
  /** The run. */
  runId: string;
  /** The step's id in the definition. */
  stepId: string;
  /** Current state. */
  status: WorkflowStepStatus;
  /** Attempts started so far (0 before the first). */
  attempts: number;
  /** What the action returned (JSON), once completed. */
  output?: unknown;
  /** The latest failure, kept while the step retries and when it fails. */
  error?: WorkflowErrorRecord | null;
  /** What a waiting step waits for. */
  wait?: WorkflowWait | null;
  /** When the first attempt started. */
  startedAt?: Date | null;
  /** When the step reached a final state. */
  finishedAt?: Date | null;
  /** Last changed. */
  updatedAt: Date;
}

/** Fields {@link WorkflowStore.updateWorkflow} changes; absent fields are left alone. */
export interface WorkflowRunPatch {
  /** New state. */
  status?: WorkflowStatus;
  /** New error (`null` clears it). */
  error?: WorkflowErrorRecord | null;
  /** Shallow-merged into the run's state. */
  state?: Record<string, unknown>;
  /** When the run reached a final state. */
  finishedAt?: Date | null;
  /** The time of the change; becomes `updatedAt`. */
  at: Date;
}

/** Fields {@link WorkflowStore.updateStep} changes; absent fields are left alone. */
export interface WorkflowStepPatch {
  /** New state. */
  status?: WorkflowStepStatus;
  /** New attempt count. */
  attempts?: number;
  /** New output (`null` clears it). */
  output?: unknown;
  /** New error (`null` clears it). */
  error?: WorkflowErrorRecord | null;
  /** New wait (`null` clears it). */
  wait?: WorkflowWait | null;
  /** First start. */
  startedAt?: Date | null;
  /** Final state reached. */
  finishedAt?: Date | null;
  /** The time of the change; becomes `updatedAt`. */
  at: Date;
}

/**
 * Guards for conditional updates: the update happens only when every given guard holds,
 * atomically (two callers racing on the same guard never both succeed).
 */
export interface UpdateGuard<Status extends string> {
  /** The record's status must be one of these. */
  ifStatus?: readonly Status[];
  /** The step's attempt count must equal this (steps only). */
  ifAttempts?: number;
}

/** Filters for {@link WorkflowStore.listWorkflows}. Every given filter must hold. */
export interface WorkflowQuery {
  /** Only these states. */
  status?: WorkflowStatus | readonly WorkflowStatus[] | undefined;
  /** Only runs of this definition (`definition.id`). */
  definitionId?: string | undefined;
  /** Only runs started by this event. */
  triggerEventId?: string | undefined;
  /** Only runs whose trigger was in this correlation group when they started. */
  correlationId?: string | undefined;
  /** At most this many, newest first (by `createdAt`, then id); an integer 1–1000, default 50. */
  limit?: number | undefined;
}

/** Filters for {@link WorkflowStore.listWaitingSteps}. */
export interface WaitingStepQuery {
  /** Only waits of this kind. */
  kind?: WorkflowWait["kind"] | undefined;
  /** At most this many, oldest first; an integer 1–10000, default 1000. */
  limit?: number | undefined;
}

/**
 * Storage for workflow runs and their steps. `MemoryWorkflowStore` in core is the reference;
 * `@contexten/storage-postgres` is the durable one. Every implementation runs
 * `runWorkflowStoreConformance` from `@contexten/core/testing/conformance`.
 *
 * The conditional updates ({@link updateWorkflow}, {@link updateStep}) are what lets several
 * processes drive the same runs: each state change names the state it expects, and exactly
 * one of several racing callers wins.
 */
export interface WorkflowStore {
  /** Inserts or replaces a run (its steps are left as they are). */
  saveWorkflow(record: WorkflowRecord): Promise<void>;
  /**
   * Inserts a run and its steps together, unless a run with that id exists: resolves `true`
   * when this call created it, `false` when it was already there (nothing is changed, even
   * when concurrent callers race). Invalid records throw `ValidationError` and nothing is
   * written.
   */
  createWorkflow(record: WorkflowRecord, steps: readonly WorkflowStepRecord[]): Promise<boolean>;
  /** Reads one run. */
  getWorkflow(id: string): Promise<WorkflowRecord | undefined>;
  /** Lists runs, newest first. An invalid filter throws `ValidationError`. */
  listWorkflows(query?: WorkflowQuery): Promise<WorkflowRecord[]>;
  /** Changes a run's status (and merges `state`); throws `NotFoundError` for an unknown id. */
  updateWorkflowStatus(
    id: string,
    status: WorkflowStatus,
    state?: Record<string, unknown>,
  ): Promise<WorkflowRecord>;
  /**
   * Applies `patch` to a run when the guard holds, atomically. Resolves the updated run, or
   * `undefined` when the run does not exist or the guard failed (nothing changed).
   */
  updateWorkflow(
    id: string,
    patch: WorkflowRunPatch,
    guard?: UpdateGuard<WorkflowStatus>,
  ): Promise<WorkflowRecord | undefined>;
  /** A run's steps, in the order they were created (the definition's order). */
  listSteps(runId: string): Promise<WorkflowStepRecord[]>;
  /**
   * Applies `patch` to one step when the guard holds, atomically. Resolves the updated step,
   * or `undefined` when it does not exist or the guard failed (nothing changed).
   */
  updateStep(
    runId: string,
    stepId: string,
    patch: WorkflowStepPatch,
    guard?: UpdateGuard<WorkflowStepStatus>,
  ): Promise<WorkflowStepRecord | undefined>;
  /** Steps in the `waiting` state, oldest change first: how a new event finds the runs it resumes. */
  listWaitingSteps(query?: WaitingStepQuery): Promise<WorkflowStepRecord[]>;
}
