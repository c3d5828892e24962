import {
  type UpdateGuard,
  ValidationError,
  type WaitingStepQuery,
  type WorkflowRecord,
  type WorkflowStepPatch,
  type WorkflowStepRecord,
  type WorkflowStepStatus,
} from "@contexten/core";
import {
  checkStepPatch,
  checkStepRecord,
  checkWorkflowRecord,
  readWaitingStepQuery,
} from "@contexten/core/adapter";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";
import { jsonOrNull, STEP_COLUMNS, type StepRow, stepFromRow, waitToJson } from "./workflow-codec";
import { insertRunIfAbsent } from "./workflow-records";

/**
 * Inserts a run and its steps in one transaction, unless the run exists. `ON CONFLICT DO
 * NOTHING` waits for a concurrent insert of the same id to commit, so of racing callers
 * exactly one gets `true`.
 */
export async function createWorkflow(
  context: StoreContext,
  input: WorkflowRecord,
  inputSteps: readonly WorkflowStepRecord[],
): Promise<boolean> {
  const record = checkWorkflowRecord(input);
  const steps = inputSteps.map(checkStepRecord);
  for (const step of steps) {
    if (step.runId !== record.id) {
      throw new ValidationError({
        message: `createWorkflow: step "${step.stepId}" belongs to run "${step.runId}", not "${record.id}".`,
        issues: [{ path: "steps.runId", message: "must be the run's id" }],
      });
    }
  }
  return retryOnConflict(() =>
    context.client.transaction(async (executor) => {
      if (!(await insertRunIfAbsent(context, executor, record))) return false;
      if (steps.length === 0) return true;
      const rows = steps.map((step, position) => ({
        run_id: step.runId,
        step_id: step.stepId,
        position,
        status: step.status,
        attempts: step.attempts,
        output: step.output ?? null,
        error: step.error,
        wait: step.wait ? JSON.parse(waitToJson(step.wait)!) : null,
        started_at: step.startedAt?.toISOString() ?? null,
        finished_at: step.finishedAt?.toISOString() ?? null,
        updated_at: step.updatedAt.toISOString(),
      }));
      await executor.query(
        `INSERT INTO ${context.tables.workflowSteps} (${STEP_COLUMNS}, position)
          SELECT run_id, step_id, status, attempts, output, error, wait,
            started_at, finished_at, updated_at, position
          FROM jsonb_to_recordset($1::jsonb) AS step (
            run_id text, step_id text, position integer, status text, attempts integer,
            output jsonb, error jsonb, wait jsonb, started_at timestamptz,
            finished_at timestamptz, updated_at timestamptz)`,
        [JSON.stringify(rows)],
      );
      return true;
    }),
  );
}

/** A run's steps in definition order. */
export async function listSteps(
  context: StoreContext,
  runId: string,
): Promise<WorkflowStepRecord[]> {
  const { rows } = await context.client.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM ${context.tables.workflowSteps}
      WHERE run_id = $1 ORDER BY position`,
    [runId],
  );
  return rows.map(stepFromRow);
}

/** Applies a patch to one step when the guard holds (status and attempt count), atomically. */
export async function updateStep(
  context: StoreContext,
  runId: string,
  stepId: string,
  patch: WorkflowStepPatch,
  guard: UpdateGuard<WorkflowStepStatus> = {},
): Promise<WorkflowStepRecord | undefined> {
  checkStepPatch(patch, guard);
  const set = (field: keyof WorkflowStepPatch) => patch[field] !== undefined;
  const { rows } = await context.client.query<StepRow>(
    `UPDATE ${context.tables.workflowSteps} SET
        status = COALESCE($3, status),
        attempts = COALESCE($4, attempts),
        output = CASE WHEN $5::boolean THEN $6::jsonb ELSE output END,
        error = CASE WHEN $7::boolean THEN $8::jsonb ELSE error END,
        wait = CASE WHEN $9::boolean THEN $10::jsonb ELSE wait END,
        started_at = CASE WHEN $11::boolean THEN $12::timestamptz ELSE started_at END,
        finished_at = CASE WHEN $13::boolean THEN $14::timestamptz ELSE finished_at END,
        updated_at = $15::timestamptz
      WHERE run_id = $1 AND step_id = $2
        AND ($16::text[] IS NULL OR status = ANY($16::text[]))
        AND ($17::integer IS NULL OR attempts = $17)
      RETURNING ${STEP_COLUMNS}`,
    [
      runId,
      stepId,
      patch.status ?? null,
      patch.attempts ?? null,
      set("output"),
      jsonOrNull(patch.output),
      set("error"),
      jsonOrNull(patch.error),
      set("wait"),
      waitToJson(patch.wait),
      set("startedAt"),
      patch.startedAt?.toISOString() ?? null,
      set("finishedAt"),
      patch.finishedAt?.toISOString() ?? null,
      patch.at.toISOString(),
      guard.ifStatus ? [...guard.ifStatus] : null,
      guard.ifAttempts ?? null,
    ],
  );
  return rows[0] ? stepFromRow(rows[0]) : undefined;
}

/** Waiting steps, oldest change first (through a partial index on waiting rows). */
export async function listWaitingSteps(
  context: StoreContext,
  query?: WaitingStepQuery,
): Promise<WorkflowStepRecord[]> {
  const filter = readWaitingStepQuery(query);
  const { rows } = await context.client.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM ${context.tables.workflowSteps}
      WHERE status = 'waiting' AND ($1::text IS NULL OR wait->>'kind' = $1)
      ORDER BY updated_at, run_id, step_id
      LIMIT $2`,
    [filter.kind ?? null, filter.limit],
  );
  return rows.map(stepFromRow);
}
