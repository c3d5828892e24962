import type { EventStore, KeyLookup } from "../contracts/event-store";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { AgeWindow } from "./age-window";
import { runKeyLookups } from "./key-lookups";
import type { IndexedEvent } from "./match-keys";

/** What {@link readKeyCandidates} needs. */
export interface KeyCandidateSearch {
  /** Where to look. */
  store: EventStore;
  /** Which events are young enough to link to. */
  window: AgeWindow;
  /** Newest events read per key besides its anchor. */
  perKey: number;
  /** Read candidates with their payloads (false when no rule looks at them). */
  payload: boolean;
  /** Most events a lookup reads on a store without `findPerKey`. */
  fallbackLimit: number;
}

/** The stored events sharing a key with the event being correlated. */
export interface KeyCandidates {
  /**
   * Each key's anchor: the earliest event (within the age window) that *is* the key, other
   * than the event itself; each event once, in the order of the event's keys and refs.
   */
  anchors: CorrelatedEvent[];
  /** The newest events that are or mention each key, other than the event itself, each once. */
  recent: CorrelatedEvent[];
  /** The event itself as stored, when a lookup returned it (its group may be newer). */
  self: CorrelatedEvent | undefined;
  /** Recent events left out because they occurred before the window. */
  tooOld: number;
}

/**
 * Reads, in one store call, two bounded lookups per key the event is or mentions: the key's
 * anchor (its oldest event inside the age window) and its newest `perKey` events on
 * either side. The second lookup is not bounded below, so that events just outside the
 * window can be counted for `onCorrelationSkipped`; they are never candidates.
 */
export async function readKeyCandidates(
  indexed: IndexedEvent,
  search: KeyCandidateSearch,
): Promise<KeyCandidates> {
  const keys = [...new Set([...indexed.keys, ...indexed.refs.keys()])];
  const { since, until } = search.window;
  const bounds = until ? { until } : {};
  const lookups: KeyLookup[] = keys.flatMap((key): KeyLookup[] => [
    // Two, in case the oldest is the event itself.
    { key, match: "keys", order: "oldest", limit: 2, since, ...bounds },
    { key, match: "any", order: "newest", limit: search.perKey + 1, ...bounds },
  ]);
  const answers = await runKeyLookups(
    search.store,
    lookups,
    { payload: search.payload },
    search.fallbackLimit,
  );
  const id = indexed.event.id;
  const anchors = new Map<string, CorrelatedEvent>();
  const recent = new Map<string, CorrelatedEvent>();
  const tooOld = new Set<string>();
  let self: CorrelatedEvent | undefined;
  answers.forEach((events, index) => {
    const isAnchorLookup = index % 2 === 0;
    let anchorFound = false;
    for (const event of events) {
      if (event.id === id) {
        self = event;
        continue;
      }
      if (isAnchorLookup) {
        if (!anchorFound && !anchors.has(event.id)) anchors.set(event.id, event);
        anchorFound = true;
      } else if (event.occurredAt < since) {
        tooOld.add(event.id);
      } else {
        recent.set(event.id, event);
      }
    }
  });
  return {
    anchors: [...anchors.values()],
    recent: [...recent.values()],
    self,
    tooOld: tooOld.size,
  };
}
