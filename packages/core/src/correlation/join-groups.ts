import type { EventStore } from "../contracts/event-store";
import type { CorrelatedEvent } from "../models/correlated-event";
import { comparePosition } from "../store/stored-event-list";
import { groupId } from "./link-id";

/** The group an event ended up in. */
export interface JoinedGroup {
  /** The group id now shared by the event and everything it links to. */
  correlationId: string;
  /** Former group ids folded into it. */
  merged: string[];
}

/**
 * Puts `event` and the events it links to into one group. The group's id comes from its
 * earliest member (by `occurredAt`, then id): the earliest of the event, the linked events
 * and the first event of each group they already belong to. Groups whose id changes are
 * reassigned wholesale; ungrouped events are assigned one by one.
 */
export async function joinGroups(
  store: EventStore,
  event: CorrelatedEvent,
  linked: readonly CorrelatedEvent[],
): Promise<JoinedGroup> {
  const members = [event, ...linked];
  const existing = [...new Set(members.flatMap((member) => member.correlationId ?? []))];
  let root = members.reduce(earlier);
  for (const id of existing) {
    const [first] = (
      await store.query({ correlationId: id, order: "oldest", limit: 1, payload: false })
    ).events;
    if (first) root = earlier(root, first);
  }
  const correlationId = groupId(root.id);
  const merged = existing.filter((id) => id !== correlationId);
  const eventIds = members.filter((member) => !member.correlationId).map((member) => member.id);
  if (eventIds.length > 0 || merged.length > 0) {
    await store.assignCorrelation(correlationId, { eventIds, correlationIds: merged });
  }
  return { correlationId, merged };
}

function earlier(a: CorrelatedEvent, b: CorrelatedEvent): CorrelatedEvent {
  return comparePosition(a.occurredAt.getTime(), a.id, b.occurredAt.getTime(), b.id) <= 0 ? a : b;
}
