import type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
} from "../contracts/delivery-record";
import type {
  EventPage,
  EventQuery,
  EventStore,
  FindByKeysOptions,
  KeyLookup,
  LineageGraph,
  LineageOptions,
  PruneResult,
  ReadOptions,
  WriteResult,
} from "../contracts/event-store";
import { NotFoundError } from "../errors/not-found-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import { parseCorrelatedEvent } from "../sealing/seal-event";
import { parseCorrelation } from "../sealing/seal-link";
import { decodeCursor } from "./event-cursor";
import { KeyIndex } from "./key-index";
import { MemoryDeliveryLog } from "./memory-delivery-log";
import { MemoryLinkTable } from "./memory-link-table";
import { readKeyLookups } from "./read-key-lookups";
import { readPage } from "./read-page";
import {
  DEFAULT_FIND_LIMIT,
  DEFAULT_LINEAGE_DEPTH,
  DEFAULT_QUERY_LIMIT,
  MAX_QUERY_LIMIT,
  readIntegerOption,
  readTypeGlobs,
} from "./store-input";
import { comparePosition, type StoredEvent, StoredEventList } from "./stored-event-list";
import {
  createHeadCache,
  decodeLink,
  encodeEvent,
  eventDecoder,
  type HeadCache,
  readHead,
} from "./stored-record-codec";
import { walkLineage } from "./walk-lineage";

/** An event validated and encoded, ready to be inserted. */
interface PreparedEvent {
  event: CorrelatedEvent;
  record: StoredEvent;
}

/**
 * The reference {@link EventStore}: everything in memory, every lookup indexed.
 *
 * - `findByKeys` reads two key → events indexes (one for `keys`, one for `refs`), so its
 *   cost depends on how many events share the keys, not on how many are stored; each
 *   key's events are kept in time order, so `findPerKey` reads only the oldest or newest
 *   few of a key, however many share it.
 * - `query` walks a list kept sorted by `(occurredAt, id)` from the cursor position (or a
 *   per-group list when filtering by `correlationId`); the time range is found by binary
 *   search.
 * - Events and links are kept as JSON strings beside their index fields, so a large
 *   history stays small and cheap for the garbage collector; every read returns a fresh
 *   copy, like a database would. Payloads must therefore be JSON data (webhook payloads
 *   are), exactly as for a PostgreSQL store.
 *
 * Use it in tests, examples and single-process services that can lose their history on
 * restart; use `@contexten/storage-postgres` for anything durable.
 */
export class MemoryEventStore implements EventStore {
  private readonly events = new Map<string, StoredEvent>();
  private readonly timeline = new StoredEventList();
  private readonly groups = new Map<string, StoredEventList>();
  private readonly keyIndex = new KeyIndex();
  private readonly refIndex = new KeyIndex();
  private readonly links = new MemoryLinkTable();
  private readonly deliveries = new MemoryDeliveryLog();
  /** Frozen heads of recently read events, shared by payload-less reads. */
  private readonly heads: HeadCache = createHeadCache();

  /** Number of stored events. */
  get size(): number {
    return this.events.size;
  }

  async append(input: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult> {
    const batch = (Array.isArray(input) ? input : [input]) as readonly CorrelatedEvent[];
    const { records, result } = this.prepare(batch);
    this.insert(records);
    return result;
  }

  async recordDelivery(platform: string, deliveryId: string, receivedAt?: Date): Promise<boolean> {
    return this.deliveries.record(platform, deliveryId, receivedAt ?? new Date());
  }

  async storeDelivery(
    delivery: DeliveryRecord,
    options: StoreDeliveryOptions = {},
  ): Promise<StoreDeliveryResult> {
    const now = (options.now ?? new Date()).getTime();
    const leaseUntil = options.leaseUntil?.getTime() ?? 0;
    // Validate and encode before looking at the record, as a database would in its
    // transaction: invalid events fail the call whether or not the delivery is known.
    const { records } = this.prepare(delivery.events);
    const seen = this.deliveries.revisit(delivery.platform, delivery.deliveryId, now, leaseUntil);
    if (seen) return seen;
    this.insert(records);
    const eventIds = delivery.events.map((event) => event.id);
    this.deliveries.add(
      delivery.platform,
      delivery.deliveryId,
      delivery.receivedAt,
      eventIds,
      options.done ? "done" : leaseUntil,
    );
    return { status: "stored", eventIds: [...eventIds] };
  }

  async completeDelivery(platform: string, deliveryId: string): Promise<void> {
    this.deliveries.complete(platform, deliveryId);
  }

  async claimPendingDeliveries(options: ClaimPendingOptions): Promise<PendingDelivery[]> {
    return this.deliveries.claim(options);
  }

  async get(id: string, options: ReadOptions = {}): Promise<CorrelatedEvent | undefined> {
    const record = this.events.get(id);
    return record && eventDecoder(options, this.heads)(record);
  }

  async findByKeys(
    keys: readonly string[],
    options: FindByKeysOptions = {},
  ): Promise<CorrelatedEvent[]> {
    const limit = readIntegerOption("limit", options.limit, {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
      default: DEFAULT_FIND_LIMIT,
    });
    const match = options.match ?? "any";
    const since = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    const found = new Map<string, StoredEvent>();
    const collect = (record: StoredEvent) => {
      if (record.time >= since) found.set(record.id, record);
    };
    for (const key of new Set(keys)) {
      if (match !== "refs") this.keyIndex.list(key).forEach(collect);
      if (match !== "keys") this.refIndex.list(key).forEach(collect);
    }
    return [...found.values()]
      .sort((a, b) => comparePosition(b.time, b.id, a.time, a.id))
      .slice(0, limit)
      .map(eventDecoder(options, this.heads));
  }

  async findPerKey(
    lookups: readonly KeyLookup[],
    options: ReadOptions = {},
  ): Promise<CorrelatedEvent[][]> {
    const decode = eventDecoder(options, this.heads);
    const indexes = { keys: this.keyIndex, refs: this.refIndex };
    // An event sharing several keys comes back in several lists: decode it once.
    const decoded = new Map<StoredEvent, CorrelatedEvent>();
    const once = (record: StoredEvent) => {
      let event = decoded.get(record);
      if (!event) {
        event = decode(record);
        decoded.set(record, event);
      }
      return event;
    };
    return readKeyLookups(indexes, lookups).map((records) => records.map(once));
  }

  async query(query: EventQuery = {}): Promise<EventPage> {
    const limit = readIntegerOption("limit", query.limit, {
      min: 1,
      max: MAX_QUERY_LIMIT,
      default: DEFAULT_QUERY_LIMIT,
    });
    // Validate before choosing the list, so bad input fails even for an unknown group.
    readTypeGlobs(query.type);
    if (query.cursor !== undefined) decodeCursor(query.cursor);
    const list = query.correlationId ? this.groups.get(query.correlationId) : this.timeline;
    if (!list) return { events: [] };
    const page = readPage(list, query, limit);
    return {
      events: page.records.map(eventDecoder(query, this.heads)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async assignCorrelation(
    requestedId: string,
    target: { eventIds?: readonly string[]; correlationIds?: readonly string[] },
  ): Promise<void> {
    // Reuse the group's own copy of the id string rather than keep one per event.
    const correlationId = this.groups.get(requestedId)?.first()?.correlationId ?? requestedId;
    const destination = this.groupOf(correlationId);
    for (const groupId of new Set(target.correlationIds ?? [])) {
      const group = this.groups.get(groupId);
      if (!group || groupId === correlationId) continue;
      for (const record of group) record.correlationId = correlationId;
      destination.merge(group);
      this.groups.delete(groupId);
    }
    for (const id of new Set(target.eventIds ?? [])) {
      const record = this.events.get(id);
      const previous = record?.correlationId;
      if (!record || previous === correlationId) continue;
      if (previous) this.removeFromGroup(previous, record);
      record.correlationId = correlationId;
      destination.insert(record);
    }
    if (destination.length === 0) this.groups.delete(correlationId);
  }

  async link(input: Correlation | readonly Correlation[]): Promise<WriteResult> {
    const batch = (Array.isArray(input) ? input : [input]) as readonly Correlation[];
    const parsed = batch.map((link) => parseCorrelation(link));
    for (const link of parsed) {
      for (const id of [link.sourceEventId, link.targetEventId]) {
        if (!this.events.has(id)) {
          throw new NotFoundError({
            entity: "event",
            id,
            message: `Cannot store link ${link.id}: event ${JSON.stringify(id)} is not stored; append it first.`,
          });
        }
      }
    }
    return this.links.add(parsed);
  }

  async linksOf(eventId: string): Promise<Correlation[]> {
    return this.links
      .touching(eventId)
      .map(decodeLink)
      .sort((a, b) => comparePosition(a.createdAt.getTime(), a.id, b.createdAt.getTime(), b.id));
  }

  async linksOfMany(eventIds: readonly string[]): Promise<Correlation[][]> {
    return Promise.all(eventIds.map((id) => this.linksOf(id)));
  }

  async lineage(eventId: string, options: LineageOptions = {}): Promise<LineageGraph | undefined> {
    const maxDepth = readIntegerOption("maxDepth", options.maxDepth, {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      default: DEFAULT_LINEAGE_DEPTH,
    });
    const root = this.events.get(eventId);
    if (!root) return undefined;
    const walk = walkLineage(eventId, maxDepth, (id) => this.links.touching(id));
    const links = walk.links.map(decodeLink);
    const decode = eventDecoder(options, this.heads);
    const records = [...walk.depths.keys()].map((id) => this.events.get(id)!);
    records.sort(
      (a, b) =>
        walk.depths.get(a.id)! - walk.depths.get(b.id)! ||
        comparePosition(a.time, a.id, b.time, b.id),
    );
    return {
      root: decode(root),
      events: records.map(decode),
      links,
      depths: Object.fromEntries(walk.depths),
      truncated: walk.truncated,
    };
  }

  async prune(before: Date): Promise<PruneResult> {
    const cutoff = before.getTime();
    const removed = this.timeline.removeFirst(this.timeline.lowerBound(cutoff, ""));
    for (const record of removed) {
      this.events.delete(record.id);
      const event = this.heads.get(record) ?? readHead(record);
      this.heads.delete(record);
      for (const key of new Set(event.keys)) this.keyIndex.remove(key, record);
      for (const key of new Set(event.refs.map((ref) => ref.key))) {
        this.refIndex.remove(key, record);
      }
      if (record.correlationId) this.removeFromGroup(record.correlationId, record);
    }
    const links = this.links.removeEvents(removed.map((record) => record.id));
    const deliveries = this.deliveries.prune(cutoff);
    return { events: removed.length, links, deliveries };
  }

  /**
   * Validates and encodes a batch without changing anything, so a failure (an invalid
   * event, a payload that cannot be encoded) leaves the store as it was.
   */
  private prepare(batch: readonly CorrelatedEvent[]): {
    records: PreparedEvent[];
    result: WriteResult;
  } {
    const records: PreparedEvent[] = [];
    const result: WriteResult = { inserted: [], existing: [] };
    const seen = new Set<string>();
    batch.forEach((input, index) => {
      const event = parseCorrelatedEvent(
        input,
        batch.length > 1 ? `CorrelatedEvent at index ${index}` : "CorrelatedEvent",
      );
      if (this.events.has(event.id) || seen.has(event.id)) {
        result.existing.push(event.id);
        return;
      }
      seen.add(event.id);
      records.push({ event, record: encodeEvent(event) });
      result.inserted.push(event.id);
    });
    return { records, result };
  }

  /** Writes prepared events; cannot fail part-way. */
  private insert(records: readonly PreparedEvent[]): void {
    for (const { event, record } of records) {
      this.events.set(record.id, record);
      this.timeline.insert(record);
      for (const key of new Set(event.keys)) this.keyIndex.add(key, record);
      for (const key of new Set(event.refs.map((ref) => ref.key))) {
        this.refIndex.add(key, record);
      }
      if (record.correlationId) this.groupOf(record.correlationId).insert(record);
    }
  }

  private groupOf(correlationId: string): StoredEventList {
    let group = this.groups.get(correlationId);
    if (!group) {
      group = new StoredEventList();
      this.groups.set(correlationId, group);
    }
    return group;
  }

  private removeFromGroup(correlationId: string, record: StoredEvent): void {
    const group = this.groups.get(correlationId);
    if (!group) return;
    group.remove(record);
    if (group.length === 0) this.groups.delete(correlationId);
  }
}

/** Creates an empty {@link MemoryEventStore}. */
export function createMemoryEventStore(): MemoryEventStore {
  return new MemoryEventStore();
}
