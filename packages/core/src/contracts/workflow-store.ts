import type { WorkflowDefinition } from "../models/workflow-definition";

/** Lifecycle of a workflow run. */
export type WorkflowStatus =
  | "pending"
  | "running"
  | "waiting"
  | "completed"
  | "failed"
  | "canceled";

/** A stored workflow run (the specification's `workflows` row). */
export interface WorkflowRecord {
  /** Run id. */
  id: string;
  /** Display name. */
  name: string;
  /** The definition it runs. */
  definition: WorkflowDefinition;
  /** Current state. */
  status: WorkflowStatus;
  /** Event that started it, if any. */
  triggerEventId?: string | null;
  /** Step outputs and other run state. */
  state: Record<string, unknown>;
  /** Created. */
  createdAt: Date;
  /** Last changed. */
  updatedAt: Date;
}

/** Filters for {@link WorkflowStore.listWorkflows}. */
export interface WorkflowQuery {
  /** Only these states. */
  status?: WorkflowStatus | readonly WorkflowStatus[] | undefined;
  /** At most this many, newest first (default 50). */
  limit?: number | undefined;
}

/** Storage for workflow runs. */
export interface WorkflowStore {
  /** Inserts or replaces a run. */
  saveWorkflow(record: WorkflowRecord): Promise<void>;
  /** Reads one run. */
  getWorkflow(id: string): Promise<WorkflowRecord | undefined>;
  /** Lists runs, newest first. */
  listWorkflows(query?: WorkflowQuery): Promise<WorkflowRecord[]>;
  /** Changes a run's status (and merges `state`); throws `NotFoundError` for an unknown id. */
  updateWorkflowStatus(
    id: string,
    status: WorkflowStatus,
    state?: Record<string, unknown>,
  ): Promise<WorkflowRecord>;
}
