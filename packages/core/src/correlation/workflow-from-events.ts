import { ValidationError } from "../errors/validation-error";
import { deriveEventId } from "../events/derive-event-id";
import type { CorrelatedEvent } from "../models/correlated-event";
import { type WorkflowDefinition, workflowDefinitionSchema } from "../models/workflow-definition";
import { comparePosition } from "../store/stored-event-list";

/** The action of every step {@link createWorkflowFromEvents} produces. */
export const AWAIT_EVENT_ACTION = "contexten.await_event";

/** Options for {@link createWorkflowFromEvents}. */
export interface WorkflowFromEventsOptions {
  /** Workflow id (default: derived from the event ids, so the same events give the same id). */
  id?: string | undefined;
  /** Display name (default `Observed: <first type> → … → <last type>`, clipped to 200 characters). */
  name?: string | undefined;
  /** Description (default names how many events it was learned from). */
  description?: string | undefined;
}

/**
 * Turns an observed event sequence into a `WorkflowDefinition` template:
 *
 * - events are ordered by `occurredAt`, then id;
 * - the trigger is the first event's type and platform;
 * - each later event becomes one step, in order, with action `contexten.await_event`,
 *   input `{ type, platform }` and `dependsOn` the previous step; consecutive events of
 *   the same type collapse into one step (three `synchronize` pushes are one step);
 * - the workflow's `timeoutMinutes` covers the observed span (rounded up, at least 60).
 *
 * It needs at least two events of which some differ in type from the first; otherwise it
 * throws `ValidationError`, as there would be no step. Pure: nothing is stored.
 */
export function createWorkflowFromEvents(
  events: readonly CorrelatedEvent[],
  options: WorkflowFromEventsOptions = {},
): WorkflowDefinition {
  const ordered = [...events].sort((a, b) =>
    comparePosition(a.occurredAt.getTime(), a.id, b.occurredAt.getTime(), b.id),
  );
  const [trigger, ...rest] = ordered;
  const stepEvents = rest.filter((event, index) => {
    const previous = index === 0 ? trigger : rest[index - 1];
    return event.type !== previous?.type;
  });
  if (!trigger || stepEvents.length === 0) {
    throw new ValidationError({
      message:
        "createWorkflowFromEvents needs at least two events whose types differ after the first; pass the related events of a lineage.",
      issues: [{ path: "events", message: "no step could be derived" }],
    });
  }
  const steps = stepEvents.map((event, index) => ({
    id: `step-${index + 1}`,
    name: `Await ${event.type}`,
    action: AWAIT_EVENT_ACTION,
    input: { type: event.type, platform: event.platform },
    dependsOn: index === 0 ? [] : [`step-${index}`],
  }));
  const types = [trigger.type, ...stepEvents.map((event) => event.type)];
  const spanMinutes =
    (ordered[ordered.length - 1]!.occurredAt.getTime() - trigger.occurredAt.getTime()) / 60_000;
  return workflowDefinitionSchema.parse({
    id: options.id ?? deriveEventId("workflow", ...ordered.map((event) => event.id)),
    name: options.name ?? clip(`Observed: ${types.join(" → ")}`, 200),
    description:
      options.description ??
      `Learned from ${ordered.length} correlated events starting with ${trigger.type}.`,
    triggerPatterns: [{ type: trigger.type, platform: trigger.platform }],
    steps,
    timeoutMinutes: Math.max(60, Math.ceil(spanMinutes)),
  });
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
