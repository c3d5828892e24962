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
    return this.firstIndexWhere((item) => comparePosition(item.time, item.id, time, id) >= 0);
  }

  /** Index of the first record strictly after `(time, id)`. */
  upperBound(time: number, id: string): number {
    return this.firstIndexWhere((item) => comparePosition(item.time, item.id, time, id) > 0);
  }

  /** Binary search for the first record satisfying a predicate that is monotone in order. */
  private firstIndexWhere(isAtOrAfter: (item: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (isAtOrAfter(this.items[middle]!)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Inserts a record at its sorted position. */
  insert(record: StoredEvent): void {
    const last = this.items[this.items.length - 1];
    if (!last || comparePosition(last.time, last.id, record.time, record.id) < 0) {
      this.items.push(record);
      return;
    }
    this.items.splice(this.lowerBound(record.time, record.id), 0, record);
  }

  /** Removes a record; false when it was not in the list. */
  remove(record: StoredEvent): boolean {
    const index = this.lowerBound(record.time, record.id);
    if (this.items[index] !== record) return false;
    this.items.splice(index, 1);
    return true;
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
