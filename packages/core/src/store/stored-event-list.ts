/**
 * One stored event: its sort key, what `query` filters on, and the event itself as JSON
 * (without `correlationId`, the only field that changes after append), its payload in a
 * string of its own so that reads which do not need it skip decoding it. Keeping events as
 * strings makes them invisible to the garbage collector's marking and about half the size
 * of the object graph, so a large history costs little per event; reads decode a fresh
 * copy, which also keeps the store isolated from its callers.
 */
export interface StoredEvent {
  /** Event id. */
  readonly id: string;
  /** `occurredAt` in epoch milliseconds. */
  readonly time: number;
  /** Event type (interned). */
  readonly type: string;
  /** Platform (interned). */
  readonly platform: string;
  /** The event as JSON, `correlationId` and `payload` left out. */
  readonly json: string;
  /** The payload as JSON. */
  readonly payloadJson: string;
  /** Current group, if any. */
  correlationId: string | null;
}

/** Compares `(time, id)` pairs; ids by UTF-16 code unit, like SQL `COLLATE "C"`. */
export function comparePosition(aTime: number, aId: string, bTime: number, bId: string): number {
  if (aTime !== bTime) return aTime < bTime ? -1 : 1;
  if (aId === bId) return 0;
  return aId < bId ? -1 : 1;
}

/**
 * Index of the first record of `items` (sorted by `(time, id)`) at or after `(time, id)`,
 * or strictly after it with `strict`; binary search.
 */
export function lowerBoundOf(
  items: readonly StoredEvent[],
  time: number,
  id: string,
  strict = false,
): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = items[middle]!;
    const order = comparePosition(item.time, item.id, time, id);
    if (order > 0 || (order === 0 && !strict)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Inserts `record` into `items` (sorted by `(time, id)`) at its position. Appending in time
 * order costs O(1); an out-of-order record is placed by binary search.
 */
export function insertSorted(items: StoredEvent[], record: StoredEvent): void {
  const last = items[items.length - 1];
  if (!last || comparePosition(last.time, last.id, record.time, record.id) < 0) {
    items.push(record);
    return;
  }
  items.splice(lowerBoundOf(items, record.time, record.id), 0, record);
}

/**
 * Removes `record` from `items` (sorted by `(time, id)`); false when it was not there.
 */
export function removeSorted(items: StoredEvent[], record: StoredEvent): boolean {
  const index = lowerBoundOf(items, record.time, record.id);
  if (items[index] !== record) return false;
  items.splice(index, 1);
  return true;
}

/**
 * Events kept sorted by `(occurredAt, id)`, oldest first. Appending in time order costs
 * O(1); an out-of-order event is placed by binary search.
 */
export class StoredEventList {
  /** The records, oldest first. */
  readonly items: StoredEvent[] = [];

  /** Number of records. */
  get length(): number {
    return this.items.length;
  }

  /** Index of the first record at or after `(time, id)`. */
  lowerBound(time: number, id: string): number {
    return lowerBoundOf(this.items, time, id);
  }

  /** Index of the first record strictly after `(time, id)`. */
  upperBound(time: number, id: string): number {
    return lowerBoundOf(this.items, time, id, true);
  }

  /** Inserts a record at its sorted position. */
  insert(record: StoredEvent): void {
    insertSorted(this.items, record);
  }

  /** Removes a record; false when it was not in the list. */
  remove(record: StoredEvent): boolean {
    return removeSorted(this.items, record);
  }

  /** Adds every record of `other` (which must hold different events), keeping the order. */
  merge(other: StoredEventList): void {
    if (other.items.length === 0) return;
    const merged: StoredEvent[] = [];
    const left = this.items;
    const right = other.items;
    let i = 0;
    let j = 0;
    while (i < left.length && j < right.length) {
      const a = left[i]!;
      const b = right[j]!;
      if (comparePosition(a.time, a.id, b.time, b.id) <= 0) {
        merged.push(a);
        i += 1;
      } else {
        merged.push(b);
        j += 1;
      }
    }
    while (i < left.length) merged.push(left[i++]!);
    while (j < right.length) merged.push(right[j++]!);
    this.items.length = 0;
    for (const item of merged) this.items.push(item);
  }
}
