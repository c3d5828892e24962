import {
  comparePosition,
  insertSorted,
  lowerBoundOf,
  removeSorted,
  type StoredEvent,
} from "./stored-event-list";

const NONE: readonly StoredEvent[] = Object.freeze([]);

/**
 * A multimap from key to stored events, each key's events kept sorted by `(occurredAt,
 * id)`, so the oldest or newest few of a key are found without looking at the rest (a hot
 * key may hold thousands). A key held by one event (most keys) costs one reference; only
 * shared keys get an array.
 */
export class KeyIndex {
  private readonly entries = new Map<string, StoredEvent | StoredEvent[]>();

  /** Adds `record` under `key` (the caller never adds the same pair twice). */
  add(key: string, record: StoredEvent): void {
    const current = this.entries.get(key);
    if (current === undefined) this.entries.set(key, record);
    else if (!Array.isArray(current)) {
      const inOrder = comparePosition(current.time, current.id, record.time, record.id) < 0;
      this.entries.set(key, inOrder ? [current, record] : [record, current]);
    } else if (current.length >= 16) {
      insertSorted(current, record);
    } else {
      // Short lists are copied at their exact size: `push` on a small array reserves room
      // for 16 more entries, and most keys are shared by a handful of events.
      const copy = [...current];
      insertSorted(copy, record);
      this.entries.set(key, copy);
    }
  }

  /** Removes `record` from `key`. */
  remove(key: string, record: StoredEvent): void {
    const current = this.entries.get(key);
    if (current === undefined) return;
    if (!Array.isArray(current)) {
      if (current === record) this.entries.delete(key);
      return;
    }
    removeSorted(current, record);
    if (current.length === 0) this.entries.delete(key);
    else if (current.length === 1) this.entries.set(key, current[0]!);
  }

  /** The events under `key`, oldest first (shared: never change it). */
  list(key: string): readonly StoredEvent[] {
    const current = this.entries.get(key);
    if (current === undefined) return NONE;
    return Array.isArray(current) ? current : [current];
  }

  /**
   * The index range of `key`'s events that occurred at or after `since` and strictly
   * before `until` (epoch milliseconds), as `[start, end)` of {@link list}.
   */
  range(key: string, since: number, until: number): [number, number] {
    const items = this.list(key);
    const start = since === Number.NEGATIVE_INFINITY ? 0 : lowerBoundOf(items, since, "");
    const end = until === Number.POSITIVE_INFINITY ? items.length : lowerBoundOf(items, until, "");
    return [start, Math.max(start, end)];
  }
}

/**
 * `ids` with `id` added. Short lists are copied at their exact size, because `push` on a
 * small array reserves room for 16 more ids, and most events have a handful of links;
 * long lists grow in place so busy events stay O(1) per add.
 */
export function appendId(ids: string[], id: string): string[] {
  if (ids.length >= 16) {
    ids.push(id);
    return ids;
  }
  return [...ids, id];
}
