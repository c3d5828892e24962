import type { Clock, CorrelatedEvent, EventStore, WorkflowDefinition } from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";

/**
 * Stores the `workflow.triggered` event a manual trigger starts its run from (its id
 * derives from the run, so triggering again with the same key stores nothing new): the
 * run's lineage then starts at the request that started it.
 */
export async function storeManualTrigger(
  events: EventStore,
  clock: Clock,
  definition: WorkflowDefinition,
  runId: string,
  input: Record<string, unknown>,
): Promise<CorrelatedEvent> {
  const at = new Date(clock.now());
  const event: CorrelatedEvent = {
    id: deriveEventId("contexten.workflow.trigger", runId),
    type: "workflow.triggered",
    platform: "contexten",
    occurredAt: at,
    receivedAt: at,
    deliveryId: null,
    subject: { kind: "workflow", id: definition.id, key: definition.id, title: definition.name },
    keys: [],
    refs: [],
    payload: JSON.parse(JSON.stringify({ definitionId: definition.id, runId, input })),
    correlationId: null,
    parentEventId: null,
    workflowId: runId,
  };
  await events.append(event);
  return (await events.get(event.id)) ?? event;
}
