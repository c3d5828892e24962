import {
  NotFoundError,
  parseWithSchema,
  ValidationError,
  type WorkflowDefinition,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowStatus,
  workflowDefinitionSchema,
} from "@contexten/core";
import { toDate } from "./event-codec";
import type { StoreContext } from "./store-context";
import { integerOption } from "./validate-options";

const STATUSES: readonly WorkflowStatus[] = [
  "pending",
  "running",
  "waiting",
  "completed",
  "failed",
  "canceled",
];

const COLUMNS = "id, name, definition, status, trigger_event_id, state, created_at, updated_at";

interface WorkflowRow {
  id: string;
  name: string;
  definition: WorkflowDefinition;
  status: WorkflowStatus;
  trigger_event_id: string | null;
  state: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

function recordFromRow(row: WorkflowRow): WorkflowRecord {
  return {
    id: row.id,
    name: row.name,
    definition: row.definition,
    status: row.status,
    triggerEventId: row.trigger_event_id,
    state: row.state,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError({
    message: `Invalid workflow record: ${path} ${message}.`,
    issues: [{ path, message }],
  });
}

function checkStatus(status: unknown, path: string): WorkflowStatus {
  if (!STATUSES.includes(status as WorkflowStatus)) {
    throw invalid(path, `must be one of ${STATUSES.join(", ")}`);
  }
  return status as WorkflowStatus;
}

function checkState(state: unknown, path: string): Record<string, unknown> {
  if (typeof state !== "object" || state === null || Array.isArray(state)) {
    throw invalid(path, "must be a plain object");
  }
  return state as Record<string, unknown>;
}

function checkRecord(record: WorkflowRecord): WorkflowRecord {
  if (typeof record.id !== "string" || record.id.length === 0) {
    throw invalid("id", "must be a non-empty string");
  }
  if (typeof record.name !== "string" || record.name.length === 0) {
    throw invalid("name", "must be a non-empty string");
  }
  for (const field of ["createdAt", "updatedAt"] as const) {
    const value = record[field];
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw invalid(field, "must be a valid Date");
    }
  }
  return {
    ...record,
    definition: parseWithSchema(workflowDefinitionSchema, record.definition, "workflow definition"),
    status: checkStatus(record.status, "status"),
    state: checkState(record.state, "state"),
  };
}

/** Inserts or replaces a run (every column takes the record's value). */
export async function saveWorkflow(context: StoreContext, input: WorkflowRecord): Promise<void> {
  const record = checkRecord(input);
  await context.client.query(
    `INSERT INTO ${context.tables.workflows} (${COLUMNS})
      VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz)
      ON CONFLICT (id) DO UPDATE SET
        name = EXCLUDED.name, definition = EXCLUDED.definition, status = EXCLUDED.status,
        trigger_event_id = EXCLUDED.trigger_event_id, state = EXCLUDED.state,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
    [
      record.id,
      record.name,
      JSON.stringify(record.definition),
      record.status,
      record.triggerEventId ?? null,
      JSON.stringify(record.state),
      record.createdAt.toISOString(),
      record.updatedAt.toISOString(),
    ],
  );
}

/** Reads one run. */
export async function getWorkflow(
  context: StoreContext,
  id: string,
): Promise<WorkflowRecord | undefined> {
  const { rows } = await context.client.query<WorkflowRow>(
    `SELECT ${COLUMNS} FROM ${context.tables.workflows} WHERE id = $1`,
    [id],
  );
  return rows[0] ? recordFromRow(rows[0]) : undefined;
}

/** Lists runs, newest first, optionally only some states. */
export async function listWorkflows(
  context: StoreContext,
  query: WorkflowQuery = {},
): Promise<WorkflowRecord[]> {
  const limit = integerOption(query.limit, 50, { min: 1, max: 1000, path: "listWorkflows.limit" });
  const statuses =
    query.status === undefined
      ? null
      : (typeof query.status === "string" ? [query.status] : [...query.status]).map((status) =>
          checkStatus(status, "listWorkflows.status"),
        );
  const { rows } = await context.client.query<WorkflowRow>(
    `SELECT ${COLUMNS} FROM ${context.tables.workflows}
      WHERE $1::text[] IS NULL OR status = ANY($1::text[])
      ORDER BY created_at DESC, id DESC
      LIMIT $2`,
    [statuses, limit],
  );
  return rows.map(recordFromRow);
}

/**
 * Sets a run's status and shallow-merges `state` into its state, in one statement (so two
 * concurrent updates never lose each other's keys). Throws `NotFoundError` for an unknown id.
 */
export async function updateWorkflowStatus(
  context: StoreContext,
  id: string,
  status: WorkflowStatus,
  state: Record<string, unknown> = {},
): Promise<WorkflowRecord> {
  const { rows } = await context.client.query<WorkflowRow>(
    `UPDATE ${context.tables.workflows}
      SET status = $2, state = state || $3::jsonb, updated_at = $4::timestamptz
      WHERE id = $1
      RETURNING ${COLUMNS}`,
    [
      id,
      checkStatus(status, "status"),
      JSON.stringify(checkState(state, "state")),
      new Date().toISOString(),
    ],
  );
  if (!rows[0]) throw new NotFoundError({ entity: "workflow", id });
  return recordFromRow(rows[0]);
}
