import type { WorkflowStep, WorkflowTask } from "@contexten/core";

/** Task kinds the engine schedules. */
export const TaskKinds = {
  /** Run one attempt of a step. */
  STEP: "step",
  /** End a waiting step: an event arrived, or its timer or timeout came. */
  RESUME: "resume",
  /** Time a run out when it outlives `timeoutMinutes`. */
  DEADLINE: "deadline",
} as const;

/** Data of a `resume` task. */
export interface ResumeData extends Record<string, unknown> {
  /** The step's attempt count when it started waiting (stale resumes are ignored). */
  attempt: number;
  /** The event that ended the wait, when one did. */
  eventId?: string;
}

/** The task that runs attempt `attempt` of `step`. */
export function stepTask(
  runId: string,
  step: WorkflowStep,
  attempt: number,
  lease: { graceMs: number; defaultMs: number },
  runAt?: number,
): WorkflowTask {
  return {
    key: `step:${runId}:${step.id}:${attempt}`,
    kind: TaskKinds.STEP,
    runId,
    stepId: step.id,
    data: { attempt },
    leaseMs: (step.timeoutSeconds ? step.timeoutSeconds * 1000 : lease.defaultMs) + lease.graceMs,
    ...(runAt !== undefined ? { runAt } : {}),
  };
}

/** The task that resumes a waiting step with an event (the first one scheduled wins). */
export function resumeWithEventTask(
  runId: string,
  stepId: string,
  attempt: number,
  eventId: string,
): WorkflowTask {
  return {
    key: `resume:${runId}:${stepId}:${attempt}`,
    kind: TaskKinds.RESUME,
    runId,
    stepId,
    data: { attempt, eventId } satisfies ResumeData,
  };
}

/** The task that ends a wait at its timeout (or a sleep at its end). */
export function resumeAtTimeoutTask(
  runId: string,
  stepId: string,
  attempt: number,
  runAt: number,
): WorkflowTask {
  return {
    key: `timeout:${runId}:${stepId}:${attempt}`,
    kind: TaskKinds.RESUME,
    runId,
    stepId,
    data: { attempt } satisfies ResumeData,
    runAt,
  };
}

/** The key of a run's deadline task. */
export function deadlineKey(runId: string): string {
  return `deadline:${runId}`;
}

/** The task that times a run out. */
export function deadlineTask(runId: string, runAt: number): WorkflowTask {
  return { key: deadlineKey(runId), kind: TaskKinds.DEADLINE, runId, runAt };
}
