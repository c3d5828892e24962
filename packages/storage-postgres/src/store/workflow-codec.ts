import type {
  WorkflowDefinition,
  WorkflowErrorRecord,
  WorkflowRecord,
  WorkflowStatus,
  WorkflowStepRecord,
  WorkflowStepStatus,
  WorkflowWait,
} from "@contexten/core";
import { toDate } from "./event-codec";

/** Columns of `workflows`, in the order `WorkflowRow` reads them. */
export const RUN_COLUMNS =
  "id, name, definition, status, trigger_event_id, correlation_id, input, error, state, created_at, updated_at, finished_at";

/** Columns of `workflow_steps`. */
export const STEP_COLUMNS =
  "run_id, step_id, status, attempts, output, error, wait, started_at, finished_at, updated_at";

/** A `workflows` row as the drivers return it. */
export interface WorkflowRow {
  id: string;
  name: string;
  definition: WorkflowDefinition;
  status: WorkflowStatus;
  trigger_event_id: string | null;
  correlation_id: string | null;
  input: Record<string, unknown> | null;
  error: WorkflowErrorRecord | null;
  state: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

/** A `workflow_steps` row. */
export interface StepRow {
  run_id: string;
  step_id: string;
  status: WorkflowStepStatus;
  attempts: number;
  output: unknown;
  error: WorkflowErrorRecord | null;
  wait: (Omit<WorkflowWait, "since" | "until"> & { since?: string; until?: string | null }) | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

function optionalDate(value: Date | string | null | undefined): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** Rebuilds a run from its row. */
export function runFromRow(row: WorkflowRow): WorkflowRecord {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    status: row.status,
    triggerEventId: row.trigger_event_id,
    correlationId: row.correlation_id,
    input: row.input ?? {},
    error: row.error ?? null,
    state: row.state,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    finishedAt: optionalDate(row.finished_at),
  };
}

/** A wait as JSON; its dates become ISO strings. */
export function waitToJson(wait: WorkflowWait | null | undefined): string | null {
  return wait ? JSON.stringify(wait) : null;
}

function waitFromJson(wait: StepRow["wait"]): WorkflowWait | null {
  if (!wait) return null;
  const { since, until, ...rest } = wait;
  return {
    ...rest,
    ...(since !== undefined ? { since: new Date(since) } : {}),
    ...(until !== undefined ? { until: until === null ? null : new Date(until) } : {}),
  };
}

/** Rebuilds a step from its row. */
export function stepFromRow(row: StepRow): WorkflowStepRecord {
  return {
    runId: row.run_id,
    stepId: row.step_id,
    status: row.status,
    attempts: row.attempts,
    output: row.output ?? null,
    error: row.error ?? null,
    wait: waitFromJson(row.wait),
    startedAt: optionalDate(row.started_at),
    finishedAt: optionalDate(row.finished_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** `undefined` → SQL NULL; anything else → JSON text. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
