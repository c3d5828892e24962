import {
  NotFoundError,
  type UpdateGuard,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowRunPatch,
  type WorkflowStatus,
} from "@contexten/core";
import { checkRunPatch, checkWorkflowRecord, readWorkflowQuery } from "@contexten/core/adapter";
import type { SqlExecutor } from "../client/sql-client";
import type { StoreContext } from "./store-context";
import { jsonOrNull, RUN_COLUMNS, runFromRow, type WorkflowRow } from "./workflow-codec";

/** The INSERT of a run (with `ON CONFLICT` left to the caller). */
function insertRun(context: StoreContext, onConflict: string): string {
  return `INSERT INTO ${context.tables.workflows} (${RUN_COLUMNS}, definition_id)
    VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb,
      $10::timestamptz, $11::timestamptz, $12::timestamptz, $13)
    ${onConflict}`;
}

/** The parameters of {@link insertRun}, from a validated record. */
export function runParams(record: Required<WorkflowRecord>): unknown[] {
  return [
    record.id,
    record.name,
    JSON.stringify(record.definition),
    record.status,
    record.triggerEventId,
    record.correlationId,
    JSON.stringify(record.input),
    jsonOrNull(record.error),
    JSON.stringify(record.state),
    record.createdAt.toISOString(),
    record.updatedAt.toISOString(),
    record.finishedAt?.toISOString() ?? null,
    record.definition.id,
  ];
}

/** Inserts or replaces a run (every column takes the record's value; steps stay). */
export async function saveWorkflow(context: StoreContext, input: WorkflowRecord): Promise<void> {
  const record = checkWorkflowRecord(input);
  await context.client.query(
    insertRun(
      context,
      `ON CONFLICT (id) DO UPDATE SET
        name = EXCLUDED.name, definition = EXCLUDED.definition, status = EXCLUDED.status,
        trigger_event_id = EXCLUDED.trigger_event_id, correlation_id = EXCLUDED.correlation_id,
        input = EXCLUDED.input, error = EXCLUDED.error, state = EXCLUDED.state,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
        finished_at = EXCLUDED.finished_at, definition_id = EXCLUDED.definition_id`,
    ),
    runParams(record),
  );
}

/** Inserts a run unless its id exists; resolves whether it was inserted. */
export async function insertRunIfAbsent(
  context: StoreContext,
  executor: SqlExecutor,
  record: Required<WorkflowRecord>,
): Promise<boolean> {
  const { rows } = await executor.query(
    insertRun(context, "ON CONFLICT (id) DO NOTHING RETURNING 1 AS inserted"),
    runParams(record),
  );
  return rows.length === 1;
}

/** Reads one run. */
export async function getWorkflow(
  context: StoreContext,
  id: string,
): Promise<WorkflowRecord | undefined> {
  const { rows } = await context.client.query<WorkflowRow>(
    `SELECT ${RUN_COLUMNS} FROM ${context.tables.workflows} WHERE id = $1`,
    [id],
  );
  return rows[0] ? runFromRow(rows[0]) : undefined;
}

/** Lists runs, newest first, filtered by status, definition, trigger event and group. */
export async function listWorkflows(
  context: StoreContext,
  query: WorkflowQuery = {},
): Promise<WorkflowRecord[]> {
  const filter = readWorkflowQuery(query);
  const { rows } = await context.client.query<WorkflowRow>(
    `SELECT ${RUN_COLUMNS} FROM ${context.tables.workflows}
      WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
        AND ($2::text IS NULL OR definition_id = $2)
        AND ($3::text IS NULL OR trigger_event_id = $3)
        AND ($4::text IS NULL OR correlation_id = $4)
      ORDER BY created_at DESC, id DESC
      LIMIT $5`,
    [
      filter.statuses ? [...filter.statuses] : null,
      filter.definitionId ?? null,
      filter.triggerEventId ?? null,
      filter.correlationId ?? null,
      filter.limit,
    ],
  );
  return rows.map(runFromRow);
}

/**
 * Applies a patch when the guard holds, in one statement: under concurrent updates of the
 * same run, PostgreSQL re-checks the guard against the committed row, so one caller wins.
 */
export async function updateWorkflow(
  context: StoreContext,
  id: string,
  patch: WorkflowRunPatch,
  guard: UpdateGuard<WorkflowStatus> = {},
): Promise<WorkflowRecord | undefined> {
  checkRunPatch(patch, guard);
  const { rows } = await context.client.query<WorkflowRow>(
    `UPDATE ${context.tables.workflows} SET
        status = COALESCE($2, status),
        error = CASE WHEN $3::boolean THEN $4::jsonb ELSE error END,
        state = state || COALESCE($5::jsonb, '{}'::jsonb),
        finished_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE finished_at END,
        updated_at = $8::timestamptz
      WHERE id = $1 AND ($9::text[] IS NULL OR status = ANY($9::text[]))
      RETURNING ${RUN_COLUMNS}`,
    [
      id,
      patch.status ?? null,
      patch.error !== undefined,
      jsonOrNull(patch.error),
      patch.state === undefined ? null : JSON.stringify(patch.state),
      patch.finishedAt !== undefined,
      patch.finishedAt?.toISOString() ?? null,
      patch.at.toISOString(),
      guard.ifStatus ? [...guard.ifStatus] : null,
    ],
  );
  return rows[0] ? runFromRow(rows[0]) : undefined;
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
  const updated = await updateWorkflow(context, id, { status, state, at: new Date() });
  if (!updated) throw new NotFoundError({ entity: "workflow", id });
  return updated;
}
