import type {
  WaitingStepQuery,
  WorkflowErrorRecord,
  WorkflowQuery,
  WorkflowRecord,
  WorkflowRunPatch,
  WorkflowStatus,
  WorkflowStepPatch,
  WorkflowStepRecord,
  WorkflowStepStatus,
  WorkflowWait,
} from "../contracts/workflow-store";
import { parseWithSchema } from "../errors/parse-with-schema";
import { ValidationError } from "../errors/validation-error";
import { workflowDefinitionSchema } from "../models/workflow-definition";
import { readIntegerOption, toList } from "./store-input";

/** Every run status, for validation. */
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = Object.freeze([
  "pending",
  "running",
  "waiting",
  "completed",
  "failed",
  "canceled",
  "timed_out",
]);

/** Every step status, for validation. */
export const WORKFLOW_STEP_STATUSES: readonly WorkflowStepStatus[] = Object.freeze([
  "pending",
  "running",
  "retrying",
  "waiting",
  "completed",
  "failed",
  "skipped",
  "canceled",
]);

function invalid(what: string, path: string, message: string): ValidationError {
  return new ValidationError({
    message: `Invalid ${what}: ${path} ${message}.`,
    issues: [{ path, message }],
  });
}

function checkOneOf<Value extends string>(
  value: unknown,
  allowed: readonly Value[],
  what: string,
  path: string,
): Value {
  if (!allowed.includes(value as Value)) {
    throw invalid(what, path, `must be one of ${allowed.join(", ")}`);
  }
  return value as Value;
}

function checkString(value: unknown, what: string, path: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw invalid(what, path, "must be a non-empty string");
  }
  return value;
}

function checkDate(value: unknown, what: string, path: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(what, path, "must be a valid Date");
  }
  return value;
}

function checkOptionalDate(value: unknown, what: string, path: string): Date | null | undefined {
  return value === undefined || value === null ? value : checkDate(value, what, path);
}

function checkObject(value: unknown, what: string, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(what, path, "must be a plain object");
  }
  return value as Record<string, unknown>;
}

/** Checks that a value survives JSON (what every store keeps), naming the path otherwise. */
function checkJson(value: unknown, what: string, path: string): void {
  try {
    JSON.stringify(value);
  } catch (error) {
    throw invalid(what, path, `must be JSON-serializable (${(error as Error).message})`);
  }
}

function checkError(value: unknown, what: string, path: string): WorkflowErrorRecord | null {
  if (value === undefined || value === null) return null;
  const error = checkObject(value, what, path);
  checkString(error.code, what, `${path}.code`);
  if (typeof error.message !== "string") throw invalid(what, `${path}.message`, "must be a string");
  return error as unknown as WorkflowErrorRecord;
}

function checkWait(value: unknown, what: string, path: string): WorkflowWait | null {
  if (value === undefined || value === null) return null;
  const wait = checkObject(value, what, path);
  checkOneOf(wait.kind, ["event", "timer"], what, `${path}.kind`);
  checkOptionalDate(wait.since, what, `${path}.since`);
  checkOptionalDate(wait.until, what, `${path}.until`);
  checkJson(wait.pattern, what, `${path}.pattern`);
  return wait as unknown as WorkflowWait;
}

/**
 * Validates a run before it is stored and fills the optional fields, so every store keeps
 * (and returns) the same shape. Throws `ValidationError` naming the field.
 */
export function checkWorkflowRecord(record: WorkflowRecord): Required<WorkflowRecord> {
  const what = "workflow record";
  checkString(record.id, what, "id");
  checkString(record.name, what, "name");
  checkDate(record.createdAt, what, "createdAt");
  checkDate(record.updatedAt, what, "updatedAt");
  const state = checkObject(record.state, what, "state");
  checkJson(state, what, "state");
  const input = checkObject(record.input ?? {}, what, "input");
  checkJson(input, what, "input");
  return {
    id: record.id,
    name: record.name,
    definition: parseWithSchema(workflowDefinitionSchema, record.definition, "workflow definition"),
    status: checkOneOf(record.status, WORKFLOW_STATUSES, what, "status"),
    triggerEventId: record.triggerEventId ?? null,
    correlationId: record.correlationId ?? null,
    input,
    error: checkError(record.error, what, "error"),
    state,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    finishedAt: checkOptionalDate(record.finishedAt, what, "finishedAt") ?? null,
  };
}

/** Validates a step before it is stored and fills its optional fields. */
export function checkStepRecord(step: WorkflowStepRecord): Required<WorkflowStepRecord> {
  const what = "workflow step";
  checkString(step.runId, what, "runId");
  checkString(step.stepId, what, "stepId");
  if (!Number.isInteger(step.attempts) || step.attempts < 0) {
    throw invalid(what, "attempts", "must be an integer ≥ 0");
  }
  checkJson(step.output, what, "output");
  return {
    runId: step.runId,
    stepId: step.stepId,
    status: checkOneOf(step.status, WORKFLOW_STEP_STATUSES, what, "status"),
    attempts: step.attempts,
    output: step.output ?? null,
    error: checkError(step.error, what, "error"),
    wait: checkWait(step.wait, what, "wait"),
    startedAt: checkOptionalDate(step.startedAt, what, "startedAt") ?? null,
    finishedAt: checkOptionalDate(step.finishedAt, what, "finishedAt") ?? null,
    updatedAt: checkDate(step.updatedAt, what, "updatedAt"),
  };
}

/** Validates a run patch and its guard. */
export function checkRunPatch(
  patch: WorkflowRunPatch,
  guard: { ifStatus?: readonly WorkflowStatus[] } = {},
): void {
  const what = "workflow update";
  checkDate(patch.at, what, "at");
  if (patch.status !== undefined) checkOneOf(patch.status, WORKFLOW_STATUSES, what, "status");
  if (patch.error !== undefined) checkError(patch.error, what, "error");
  if (patch.state !== undefined) checkJson(checkObject(patch.state, what, "state"), what, "state");
  checkOptionalDate(patch.finishedAt, what, "finishedAt");
  for (const status of guard.ifStatus ?? []) {
    checkOneOf(status, WORKFLOW_STATUSES, what, "ifStatus");
  }
}

/** Validates a step patch and its guard. */
export function checkStepPatch(
  patch: WorkflowStepPatch,
  guard: { ifStatus?: readonly WorkflowStepStatus[]; ifAttempts?: number } = {},
): void {
  const what = "workflow step update";
  checkDate(patch.at, what, "at");
  if (patch.status !== undefined) checkOneOf(patch.status, WORKFLOW_STEP_STATUSES, what, "status");
  if (patch.attempts !== undefined && (!Number.isInteger(patch.attempts) || patch.attempts < 0)) {
    throw invalid(what, "attempts", "must be an integer ≥ 0");
  }
  if (patch.output !== undefined) checkJson(patch.output, what, "output");
  if (patch.error !== undefined) checkError(patch.error, what, "error");
  if (patch.wait !== undefined) checkWait(patch.wait, what, "wait");
  checkOptionalDate(patch.startedAt, what, "startedAt");
  checkOptionalDate(patch.finishedAt, what, "finishedAt");
  for (const status of guard.ifStatus ?? []) {
    checkOneOf(status, WORKFLOW_STEP_STATUSES, what, "ifStatus");
  }
  if (guard.ifAttempts !== undefined && !Number.isInteger(guard.ifAttempts)) {
    throw invalid(what, "ifAttempts", "must be an integer");
  }
}

/** A {@link WorkflowQuery} with its defaults applied. */
export interface ResolvedWorkflowQuery {
  /** Allowed statuses, or `undefined` for all. */
  statuses: readonly WorkflowStatus[] | undefined;
  /** `definition.id` filter. */
  definitionId: string | undefined;
  /** Trigger event filter. */
  triggerEventId: string | undefined;
  /** Correlation group filter. */
  correlationId: string | undefined;
  /** Page size. */
  limit: number;
}

/** Validates `listWorkflows` filters the same way in every store. */
export function readWorkflowQuery(query: WorkflowQuery = {}): ResolvedWorkflowQuery {
  const what = "listWorkflows filter";
  const statuses = toList(query.status)?.map((status) =>
    checkOneOf(status, WORKFLOW_STATUSES, what, "status"),
  );
  for (const field of ["definitionId", "triggerEventId", "correlationId"] as const) {
    if (query[field] !== undefined) checkString(query[field], what, field);
  }
  return {
    statuses,
    definitionId: query.definitionId,
    triggerEventId: query.triggerEventId,
    correlationId: query.correlationId,
    limit: readIntegerOption("listWorkflows.limit", query.limit, {
      min: 1,
      max: 1000,
      default: 50,
    }),
  };
}

/** Validates `listWaitingSteps` filters. */
export function readWaitingStepQuery(query: WaitingStepQuery = {}): {
  kind: WorkflowWait["kind"] | undefined;
  limit: number;
} {
  if (query.kind !== undefined) {
    checkOneOf(query.kind, ["event", "timer"], "listWaitingSteps filter", "kind");
  }
  return {
    kind: query.kind,
    limit: readIntegerOption("listWaitingSteps.limit", query.limit, {
      min: 1,
      max: 10_000,
      default: 1000,
    }),
  };
}

/** Whether a record's status and attempts satisfy a guard. */
export function guardHolds<Status extends string>(
  current: { status: Status; attempts?: number },
  guard: { ifStatus?: readonly Status[]; ifAttempts?: number } = {},
): boolean {
  if (guard.ifStatus && !guard.ifStatus.includes(current.status)) return false;
  if (guard.ifAttempts !== undefined && current.attempts !== guard.ifAttempts) return false;
  return true;
}

/** The records of a new run's steps: each `pending`, no attempt yet, stamped `at`. */
export function pendingStepRecords(
  runId: string,
  stepIds: readonly string[],
  at: Date,
): WorkflowStepRecord[] {
  return stepIds.map((stepId) => ({
    runId,
    stepId,
    status: "pending",
    attempts: 0,
    output: null,
    error: null,
    wait: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
  }));
}
