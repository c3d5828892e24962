import { LRUCache } from "lru-cache";
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

/** Where an event sits in time order: `occurredAt` in epoch milliseconds, then id. */
interface Position {
  time: number;
  id: string;
}

/**
 * The earliest event of each group, by group id. A group id is derived from its earliest
 * event (`groupId(root.id)`), and an earlier event joining a group gives it a new id, so an
 * id's root never changes: it can be cached for good, and only an unknown id costs a query.
 */
export class GroupRoots {
  private readonly roots = new LRUCache<string, Position>({ max: 10_000 });

  /** The earliest event of group `correlationId`, or `undefined` for an empty group. */
  async rootOf(store: EventStore, correlationId: string): Promise<Position | undefined> {
    const known = this.roots.get(correlationId);
    if (known) return known;
    const [first] = (
      await store.query({ correlationId, order: "oldest", limit: 1, payload: false })
    ).events;
    if (!first) return undefined;
    const root = positionOf(first);
    this.roots.set(correlationId, root);
    return root;
  }

  /** Records the root of a group id this engine derived. */
  remember(correlationId: string, root: Position): void {
    this.roots.set(correlationId, root);
  }
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
  roots: GroupRoots,
): Promise<JoinedGroup> {
  const members = [event, ...linked];
  const existing = [...new Set(members.flatMap((member) => member.correlationId ?? []))];
  let root = members.map(positionOf).reduce(earlier);
  for (const id of existing) {
    const first = await roots.rootOf(store, id);
    if (first) root = earlier(root, first);
  }
  const correlationId = groupId(root.id);
  roots.remember(correlationId, root);
  const merged = existing.filter((id) => id !== correlationId);
  const eventIds = members.filter((member) => !member.correlationId).map((member) => member.id);
  if (eventIds.length > 0 || merged.length > 0) {
    await store.assignCorrelation(correlationId, { eventIds, correlationIds: merged });
  }
  return { correlationId, merged };
}

function positionOf(event: CorrelatedEvent): Position {
  return { time: event.occurredAt.getTime(), id: event.id };
}

function earlier(a: Position, b: Position): Position {
  return comparePosition(a.time, a.id, b.time, b.id) <= 0 ? a : b;
}
