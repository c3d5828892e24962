import type {
  UpdateGuard,
  WaitingStepQuery,
  WorkflowQuery,
  WorkflowRecord,
  WorkflowRunPatch,
  WorkflowStatus,
  WorkflowStepPatch,
  WorkflowStepRecord,
  WorkflowStepStatus,
  WorkflowStore,
} from "../contracts/workflow-store";
import { NotFoundError } from "../errors/not-found-error";
import { ValidationError } from "../errors/validation-error";
import {
  checkRunPatch,
  checkStepPatch,
  checkStepRecord,
  checkWorkflowRecord,
  guardHolds,
  readWaitingStepQuery,
  readWorkflowQuery,
} from "./workflow-record-input";

/** What a JSON column would give back: plain data, `undefined` fields dropped, Dates as strings. */
function asJson<Value>(value: Value): Value {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as Value);
}

interface StoredRun {
  record: Required<WorkflowRecord>;
  steps: Map<string, Required<WorkflowStepRecord>>;
}

/**
 * The reference {@link WorkflowStore}: runs and steps in memory, every change synchronous
 * (so conditional updates are atomic), every read a copy. JSON fields (state, input,
 * outputs) are kept the way a JSON column keeps them, so tests behave as on PostgreSQL.
 * Nothing survives the process: use `@contexten/storage-postgres` for durable runs.
 */
export class MemoryWorkflowStore implements WorkflowStore {
  readonly #runs = new Map<string, StoredRun>();

  async saveWorkflow(input: WorkflowRecord): Promise<void> {
    const record = this.#encodeRun(checkWorkflowRecord(input));
    const existing = this.#runs.get(record.id);
    this.#runs.set(record.id, { record, steps: existing?.steps ?? new Map() });
  }

  async createWorkflow(
    input: WorkflowRecord,
    steps: readonly WorkflowStepRecord[],
  ): Promise<boolean> {
    const record = this.#encodeRun(checkWorkflowRecord(input));
    const checked = steps.map((step) => this.#encodeStep(checkStepRecord(step)));
    for (const step of checked) {
      if (step.runId !== record.id) {
        throw new ValidationError({
          message: `createWorkflow: step "${step.stepId}" belongs to run "${step.runId}", not "${record.id}".`,
          issues: [{ path: "steps.runId", message: "must be the run's id" }],
        });
      }
    }
    if (this.#runs.has(record.id)) return false;
    this.#runs.set(record.id, {
      record,
      steps: new Map(checked.map((step) => [step.stepId, step])),
    });
    return true;
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    const stored = this.#runs.get(id);
    return stored ? structuredClone(stored.record) : undefined;
  }

  async listWorkflows(query?: WorkflowQuery): Promise<WorkflowRecord[]> {
    const filter = readWorkflowQuery(query);
    return [...this.#runs.values()]
      .map((stored) => stored.record)
      .filter(
        (run) =>
          (!filter.statuses || filter.statuses.includes(run.status)) &&
          (filter.definitionId === undefined || run.definition.id === filter.definitionId) &&
          (filter.triggerEventId === undefined || run.triggerEventId === filter.triggerEventId) &&
          (filter.correlationId === undefined || run.correlationId === filter.correlationId),
      )
      .sort(
        (a, b) =>
          b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .slice(0, filter.limit)
      .map((run) => structuredClone(run));
  }

  async updateWorkflowStatus(
    id: string,
    status: WorkflowStatus,
    state: Record<string, unknown> = {},
  ): Promise<WorkflowRecord> {
    const updated = await this.updateWorkflow(id, { status, state, at: new Date() });
    if (!updated) throw new NotFoundError({ entity: "workflow", id });
    return updated;
  }

  async updateWorkflow(
    id: string,
    patch: WorkflowRunPatch,
    guard?: UpdateGuard<WorkflowStatus>,
  ): Promise<WorkflowRecord | undefined> {
    checkRunPatch(patch, guard);
    const stored = this.#runs.get(id);
    if (!stored || !guardHolds(stored.record, guard)) return undefined;
    const run = stored.record;
    if (patch.status !== undefined) run.status = patch.status;
    if (patch.error !== undefined) run.error = asJson(patch.error);
    if (patch.state !== undefined) run.state = { ...run.state, ...asJson(patch.state) };
    if (patch.finishedAt !== undefined) run.finishedAt = patch.finishedAt;
    run.updatedAt = patch.at;
    return structuredClone(run);
  }

  async listSteps(runId: string): Promise<WorkflowStepRecord[]> {
    return [...(this.#runs.get(runId)?.steps.values() ?? [])].map((step) => structuredClone(step));
  }

  async updateStep(
    runId: string,
    stepId: string,
    patch: WorkflowStepPatch,
    guard?: UpdateGuard<WorkflowStepStatus>,
  ): Promise<WorkflowStepRecord | undefined> {
    checkStepPatch(patch, guard);
    const step = this.#runs.get(runId)?.steps.get(stepId);
    if (!step || !guardHolds(step, guard)) return undefined;
    if (patch.status !== undefined) step.status = patch.status;
    if (patch.attempts !== undefined) step.attempts = patch.attempts;
    if (patch.output !== undefined) step.output = asJson(patch.output);
    if (patch.error !== undefined) step.error = asJson(patch.error);
    if (patch.wait !== undefined)
      step.wait = patch.wait === null ? null : structuredClone(patch.wait);
    if (patch.startedAt !== undefined) step.startedAt = patch.startedAt;
    if (patch.finishedAt !== undefined) step.finishedAt = patch.finishedAt;
    step.updatedAt = patch.at;
    return structuredClone(step);
  }

  async listWaitingSteps(query?: WaitingStepQuery): Promise<WorkflowStepRecord[]> {
    const filter = readWaitingStepQuery(query);
    return [...this.#runs.values()]
      .flatMap((stored) => [...stored.steps.values()])
      .filter(
        (step) =>
          step.status === "waiting" &&
          (filter.kind === undefined || step.wait?.kind === filter.kind),
      )
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
      .slice(0, filter.limit)
      .map((step) => structuredClone(step));
  }

  #encodeRun(record: Required<WorkflowRecord>): Required<WorkflowRecord> {
    return {
      ...record,
      definition: structuredClone(record.definition),
      input: asJson(record.input),
      error: asJson(record.error),
      state: asJson(record.state),
    };
  }

  #encodeStep(step: Required<WorkflowStepRecord>): Required<WorkflowStepRecord> {
    return {
      ...step,
      output: asJson(step.output),
      error: asJson(step.error),
      wait: step.wait === null ? null : structuredClone(step.wait),
    };
  }
}

/** Creates a {@link MemoryWorkflowStore}. */
export function createMemoryWorkflowStore(): MemoryWorkflowStore {
  return new MemoryWorkflowStore();
}
