import {
  type CorrelatedEvent,
  compileEventPattern,
  type EventPattern,
  type EventPredicate,
  type WorkflowRecord,
  type WorkflowStep,
  type WorkflowStepRecord,
  type WorkflowSuspension,
  type WorkflowWait,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { eventPatternSchema } from "@contexten/core/schemas";
import { type EngineContext, nowDate } from "./engine-context";
import { publishUpdate } from "./run-events";
import { failAttempt } from "./step-outcomes";
import { resumeAtTimeoutTask, resumeWithEventTask } from "./tasks";

const compiled = new Map<string, EventPredicate>();

/** A compiled pattern, cached by its JSON (waits repeat the same few patterns). */
export function patternPredicate(pattern: EventPattern): EventPredicate {
  const key = JSON.stringify(pattern);
  let predicate = compiled.get(key);
  if (!predicate) {
    if (compiled.size >= 500) compiled.clear();
    predicate = compileEventPattern(pattern);
    compiled.set(key, predicate);
  }
  return predicate;
}

/** Whether `event` carries `key` among its keys or refs. */
export function carriesKey(event: CorrelatedEvent, key: string): boolean {
  return event.keys.includes(key) || event.refs.some((ref) => ref.key === key);
}

/** Events a run never waits for: its trigger and the run's own events. */
export function isOwnEvent(
  run: Pick<WorkflowRecord, "id" | "triggerEventId">,
  event: CorrelatedEvent,
): boolean {
  return (
    event.id === run.triggerEventId ||
    (event.platform === "contexten" && event.workflowId === run.id)
  );
}

function waitFor(
  context: EngineContext,
  run: WorkflowRecord,
  suspension: WorkflowSuspension,
  trigger: CorrelatedEvent | undefined,
): WorkflowWait {
  const request = suspension.event;
  if (!request) return { kind: "timer", until: new Date(suspension.until ?? context.clock.now()) };
  const pattern = parseWithSchema(eventPatternSchema, request.pattern, "event pattern of a wait");
  return {
    kind: "event",
    pattern,
    match: request.key ? "key" : "trigger",
    ...(request.key ? { key: request.key } : {}),
    since: trigger?.occurredAt ?? run.createdAt,
    until:
      request.timeoutMs === undefined ? null : new Date(context.clock.now() + request.timeoutMs),
    onTimeout: request.onTimeout ?? "fail",
  };
}

/** Puts a step in `waiting` for what its action asked, then schedules the wait's end. */
export async function beginWait(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  attempt: number,
  suspension: WorkflowSuspension,
  trigger: CorrelatedEvent | undefined,
): Promise<void> {
  let wait: WorkflowWait;
  try {
    wait = waitFor(context, run, suspension, trigger);
  } catch (error) {
    return failAttempt(context, run, step, attempt, error);
  }
  const at = nowDate(context);
  const waiting = await context.store.updateStep(
    run.id,
    step.id,
    { status: "waiting", wait, at },
    { ifStatus: ["running"], ifAttempts: attempt },
  );
  if (!waiting) return;
  await context.store.updateWorkflow(run.id, { status: "waiting", at }, { ifStatus: ["running"] });
  publishUpdate(context, run, "waiting", { stepId: step.id, attempt });
  await ensureWaitScheduled(context, run, step, waiting, trigger);
}

/**
 * Schedules what ends a waiting step: its timeout (or a sleep's end), and, for event waits,
 * a resume with an event that arrived before the wait began (the look-back). Idempotent.
 */
export async function ensureWaitScheduled(
  context: EngineContext,
  run: WorkflowRecord,
  step: WorkflowStep,
  record: WorkflowStepRecord,
  trigger: CorrelatedEvent | undefined,
): Promise<void> {
  const { wait } = record;
  if (!wait) return;
  if (wait.until) {
    await context.runtime.schedule([
      resumeAtTimeoutTask(run.id, step.id, record.attempts, wait.until.getTime()),
    ]);
  }
  if (wait.kind !== "event") return;
  const found = await lookBack(context, run, wait, trigger);
  if (found) {
    await context.runtime.schedule([
      resumeWithEventTask(run.id, step.id, record.attempts, found.id),
    ]);
  }
}

/** The earliest stored event that already satisfies an event wait. */
async function lookBack(
  context: EngineContext,
  run: WorkflowRecord,
  wait: WorkflowWait,
  trigger: CorrelatedEvent | undefined,
): Promise<CorrelatedEvent | undefined> {
  const predicate = patternPredicate(wait.pattern ?? {});
  const since = wait.since ?? run.createdAt;
  const accept = (event: CorrelatedEvent) =>
    !isOwnEvent(run, event) && event.occurredAt >= since && predicate(event);
  if (wait.match === "key" && wait.key) {
    const found = await context.events.findByKeys([wait.key], { since, limit: 1000 });
    return found.filter(accept).at(-1);
  }
  const fresh = trigger ? await context.events.get(trigger.id, { payload: false }) : undefined;
  const correlationId = fresh?.correlationId;
  if (!correlationId) return undefined;
  const page = await context.events.query({ correlationId, since, order: "oldest", limit: 1000 });
  return page.events.find(accept);
}
