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

/** Most records per block; a fuller block is split in two. */
const MAX_BLOCK = 512;

/**
 * Events kept sorted by `(occurredAt, id)`, oldest first, in blocks of at most
 * {@link MAX_BLOCK} records: appending in time order is O(1), and an out-of-order event
 * (webhooks arrive in any order, backfills arrive old) costs a binary search and a move
 * within one block instead of within the whole history.
 */
export class StoredEventList {
  private blocks: StoredEvent[][] = [];
  private count = 0;

  /** Number of records. */
  get length(): number {
    return this.count;
  }

  /** The oldest record. */
  first(): StoredEvent | undefined {
    return this.blocks[0]?.[0];
  }

  /** Records oldest first. */
  *[Symbol.iterator](): IterableIterator<StoredEvent> {
    for (const block of this.blocks) yield* block;
  }

  /** Records with indexes in `[start, end)`, oldest first, or newest first with `reverse`. */
  *range(start: number, end: number, reverse = false): IterableIterator<StoredEvent> {
    if (end <= start) return;
    let [block, offset] = this.locate(reverse ? end - 1 : start);
    for (let remaining = end - start; remaining > 0; remaining -= 1) {
      yield this.blocks[block]![offset]!;
      if (reverse) {
        offset -= 1;
        if (offset < 0) {
          block -= 1;
          offset = (this.blocks[block]?.length ?? 0) - 1;
        }
      } else {
        offset += 1;
        if (offset >= this.blocks[block]!.length) {
          block += 1;
          offset = 0;
        }
      }
    }
  }

  /** Index of the first record at or after `(time, id)`. */
  lowerBound(time: number, id: string): number {
    return this.indexWhere((item) => comparePosition(item.time, item.id, time, id) >= 0);
  }

  /** Index of the first record strictly after `(time, id)`. */
  upperBound(time: number, id: string): number {
    return this.indexWhere((item) => comparePosition(item.time, item.id, time, id) > 0);
  }

  /** Inserts a record at its sorted position. */
  insert(record: StoredEvent): void {
    const lastBlock = this.blocks[this.blocks.length - 1];
    if (!lastBlock) {
      this.blocks.push([record]);
      this.count = 1;
      return;
    }
    const isAfter = (item: StoredEvent) =>
      comparePosition(item.time, item.id, record.time, record.id) >= 0;
    let blockIndex = this.blockWhere(isAfter);
    if (blockIndex === this.blocks.length) blockIndex -= 1;
    const block = this.blocks[blockIndex]!;
    const last = block[block.length - 1]!;
    if (comparePosition(last.time, last.id, record.time, record.id) < 0) block.push(record);
    else block.splice(firstIndexWhere(block, isAfter), 0, record);
    this.count += 1;
    if (block.length > MAX_BLOCK) {
      this.blocks.splice(blockIndex + 1, 0, block.splice(block.length >>> 1));
    }
  }

  /** Removes a record; false when it was not in the list. */
  remove(record: StoredEvent): boolean {
    const isAtOrAfter = (item: StoredEvent) =>
      comparePosition(item.time, item.id, record.time, record.id) >= 0;
    const blockIndex = this.blockWhere(isAtOrAfter);
    const block = this.blocks[blockIndex];
    if (!block) return false;
    const index = firstIndexWhere(block, isAtOrAfter);
    if (block[index] !== record) return false;
    block.splice(index, 1);
    if (block.length === 0) this.blocks.splice(blockIndex, 1);
    this.count -= 1;
    return true;
  }

  /** Removes and returns the `count` oldest records. */
  removeFirst(count: number): StoredEvent[] {
    const removed: StoredEvent[] = [];
    while (removed.length < count && this.blocks.length > 0) {
      const block = this.blocks[0]!;
      const take = Math.min(count - removed.length, block.length);
      for (const item of block.splice(0, take)) removed.push(item);
      if (block.length === 0) this.blocks.shift();
    }
    this.count -= removed.length;
    return removed;
  }

  /** Adds every record of `other` (which must hold different events), keeping the order. */
  merge(other: StoredEventList): void {
    if (other.count === 0) return;
    const merged: StoredEvent[] = [];
    const left = this[Symbol.iterator]();
    const right = other[Symbol.iterator]();
    let a = left.next();
    let b = right.next();
    while (!a.done && !b.done) {
      if (comparePosition(a.value.time, a.value.id, b.value.time, b.value.id) <= 0) {
        merged.push(a.value);
        a = left.next();
      } else {
        merged.push(b.value);
        b = right.next();
      }
    }
    for (; !a.done; a = left.next()) merged.push(a.value);
    for (; !b.done; b = right.next()) merged.push(b.value);
    this.blocks = [];
    for (let start = 0; start < merged.length; start += MAX_BLOCK / 2) {
      this.blocks.push(merged.slice(start, start + MAX_BLOCK / 2));
    }
    this.count = merged.length;
  }

  /** The first block whose last record satisfies a predicate monotone in order. */
  private blockWhere(isAtOrAfter: (item: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const block = this.blocks[middle]!;
      if (isAtOrAfter(block[block.length - 1]!)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Global index of the first record satisfying a predicate monotone in order. */
  private indexWhere(isAtOrAfter: (item: StoredEvent) => boolean): number {
    const blockIndex = this.blockWhere(isAtOrAfter);
    let index = 0;
    for (let block = 0; block < blockIndex; block += 1) index += this.blocks[block]!.length;
    const block = this.blocks[blockIndex];
    return block ? index + firstIndexWhere(block, isAtOrAfter) : index;
  }

  /** `[block, offset]` of a global index. */
  private locate(index: number): [number, number] {
    let remaining = index;
    for (let block = 0; block < this.blocks.length; block += 1) {
      const size = this.blocks[block]!.length;
      if (remaining < size) return [block, remaining];
      remaining -= size;
    }
    return [this.blocks.length, 0];
  }
}

/** Binary search in one sorted array for the first item satisfying a monotone predicate. */
function firstIndexWhere(
  items: readonly StoredEvent[],
  isAtOrAfter: (item: StoredEvent) => boolean,
): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isAtOrAfter(items[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
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

/** Removes `record` from `items` (sorted by `(time, id)`); false when it was not there. */
export function removeSorted(items: StoredEvent[], record: StoredEvent): boolean {
  const index = lowerBoundOf(items, record.time, record.id);
  if (items[index] !== record) return false;
  items.splice(index, 1);
  return true;
}
