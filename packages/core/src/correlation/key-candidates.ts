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
   * Each key's anchor, other than the event itself: the earliest event (within the age
   * window) that *is* the key, or when none is, the earliest that mentions it. Each event
   * once, in the order of the event's keys and refs.
   */
  anchors: CorrelatedEvent[];
  /** The newest events that are or mention each key, other than the event itself, each once. */
  recent: CorrelatedEvent[];
  /** The event itself as stored, when a lookup returned it (its group may be newer). */
  self: CorrelatedEvent | undefined;
  /** Recent events left out because they occurred before the window. */
  tooOld: number;
}

/** Lookups per key, in this order: anchor (is), anchor (mentions), newest. */
const LOOKUPS_PER_KEY = 3;

/**
 * Reads, in one store call, three bounded lookups per key the event is or mentions: the
 * two earliest events inside the age window that are the key and the two that mention it
 * (two, in case one is the event itself), and its newest `perKey` events on either side.
 * The last lookup is not bounded below, so that events just outside the window can be
 * counted for `onCorrelationSkipped`; they are never candidates.
 */
export async function readKeyCandidates(
  indexed: IndexedEvent,
  search: KeyCandidateSearch,
): Promise<KeyCandidates> {
  const keys = [...new Set([...indexed.keys, ...indexed.refs.keys()])];
  const { since, until } = search.window;
  const bounds = until ? { until } : {};
  const lookups: KeyLookup[] = keys.flatMap((key): KeyLookup[] => [
    { key, match: "keys", order: "oldest", limit: 2, since, ...bounds },
    { key, match: "refs", order: "oldest", limit: 2, since, ...bounds },
    { key, match: "any", order: "newest", limit: Math.min(search.perKey + 1, 1000), ...bounds },
  ]);
  const answers = await runKeyLookups(
    search.store,
    lookups,
    { payload: search.payload },
    search.fallbackLimit,
  );
  const id = indexed.event.id;
  let self: CorrelatedEvent | undefined;
  const anchors = new Map<string, CorrelatedEvent>();
  const recent = new Map<string, CorrelatedEvent>();
  const tooOld = new Set<string>();
  /** The first event of a list that is not the event itself. */
  const firstOther = (events: readonly CorrelatedEvent[] = []) => {
    for (const event of events) {
      if (event.id !== id) return event;
      self = event;
    }
    return undefined;
  };
  for (let index = 0; index < answers.length; index += LOOKUPS_PER_KEY) {
    const anchor = firstOther(answers[index]) ?? firstOther(answers[index + 1]);
    if (anchor) anchors.set(anchor.id, anchor);
    for (const event of answers[index + 2] ?? []) {
      if (event.id === id) self = event;
      else if (event.occurredAt >= since) recent.set(event.id, event);
      else tooOld.add(event.id);
    }
  }
  return {
    anchors: [...anchors.values()],
    recent: [...recent.values()],
    self,
    tooOld: tooOld.size,
  };
}
