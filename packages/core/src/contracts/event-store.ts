import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
} from "./delivery-record";

/** What {@link EventStore.append} and {@link EventStore.link} did. */
export interface WriteResult {
  /** Ids written now. */
  inserted: string[];
  /** Ids that already existed and were left untouched. */
  existing: string[];
}

/** How much of each event a read returns (`get`, `findByKeys`, `query`). */
export interface ReadOptions {
  /**
   * `false` lets the store leave payloads out: events come back with `payload: {}` and
   * every other field intact. For callers that only compare keys, refs, types and times
   * (the correlation engine reading candidates), it saves decoding or transferring what
   * is usually most of an event's size. Default `true`; a store may ignore it and return
   * payloads anyway.
   */
  payload?: boolean | undefined;
}

/**
 * Filters for {@link EventStore.query}. Every given filter must hold; list values are
 * alternatives.
 */
export interface EventQuery extends ReadOptions {
  /** Only these platforms. */
  platform?: string | readonly string[] | undefined;
  /**
   * Only types matching these globs (`github.pull_request.*`, `linear.**`); an entry that
   * is not a glob throws `ValidationError`.
   */
  type?: string | readonly string[] | undefined;
  /** Only events that occurred at or after this instant. */
  since?: Date | undefined;
  /** Only events that occurred strictly before this instant. */
  until?: Date | undefined;
  /** Only events of this correlation group. */
  correlationId?: string | undefined;
  /**
   * `newest` (default) or `oldest` first, by `occurredAt` then id. Ids compare by UTF-16
   * code unit (binary, SQL `COLLATE "C"`), so every store orders ties the same way.
   */
  order?: "newest" | "oldest" | undefined;
  /** Page size, an integer 1–1000, default 50; anything else throws `ValidationError`. */
  limit?: number | undefined;
  /**
   * Opaque cursor from a previous page's `nextCursor` (it encodes the last event's
   * `occurredAt` and id: keyset pagination, so pages never repeat or skip an event that
   * existed when the first page was read). Pass it with the same filters and order. A
   * cursor that does not decode throws `ValidationError`.
   */
  cursor?: string | undefined;
}

/** One page of {@link EventStore.query}. */
export interface EventPage {
  /** Events in the requested order. */
  events: CorrelatedEvent[];
  /** Pass as `cursor` to read the next page; absent on the last page. */
  nextCursor?: string;
}

/** Options for {@link EventStore.findByKeys}. */
export interface FindByKeysOptions extends ReadOptions {
  /**
   * Which side to match: events that *are* one of the keys (`keys`), events that
   * *mention* one (`refs`), or either (`any`, the default).
   */
  match?: "keys" | "refs" | "any" | undefined;
  /** Only events that occurred at or after this instant. */
  since?: Date | undefined;
  /**
   * At most this many events (default 1000). Results are newest first (`occurredAt`
   * descending, then id descending), so the limit keeps the most recent ones.
   */
  limit?: number | undefined;
}

/** One bounded lookup of {@link EventStore.findPerKey}. */
export interface KeyLookup {
  /** The correlation key. */
  key: string;
  /**
   * Events that *are* the key (`keys`), that *mention* it (`refs`), or either (`any`).
   */
  match: "keys" | "refs" | "any";
  /** `newest` or `oldest` first, by `occurredAt` then id (as `EventQuery.order`). */
  order: "newest" | "oldest";
  /** At most this many events, an integer 1–1000; anything else throws `ValidationError`. */
  limit: number;
  /** Only events that occurred at or after this instant. */
  since?: Date;
  /** Only events that occurred strictly before this instant. */
  until?: Date;
}

/** Options for {@link EventStore.lineage}. */
export interface LineageOptions extends ReadOptions {
  /**
   * Links to follow from the root at most, an integer ≥ 0 (default 10, the
   * correlation config's `maxCorrelationDepth` default). 0 returns the root alone.
   */
  maxDepth?: number | undefined;
}

/** The connected part of the link graph around one event. */
export interface LineageGraph {
  /** The event asked for. */
  root: CorrelatedEvent;
  /**
   * Every event reached, the root included, ordered by depth, then `occurredAt`, then id.
   */
  events: CorrelatedEvent[];
  /** Every stored link whose two events were both reached, ordered by id. */
  links: Correlation[];
  /** Distance from the root in links (shortest path, links followed either way), by event id. */
  depths: Record<string, number>;
  /**
   * True when an event at depth `maxDepth` has a link to an event that was not reached,
   * i.e. a deeper traversal would have found more.
   */
  truncated: boolean;
}

/** What {@link EventStore.prune} removed. */
export interface PruneResult {
  /** Events removed. */
  events: number;
  /** Links removed (links to removed events go with them). */
  links: number;
  /** Delivery records removed. */
  deliveries: number;
}

/**
 * Durable storage for events, links and delivery ids. `MemoryEventStore` in core is the
 * reference; `@contexten/storage-postgres` is the durable one. Every implementation runs
 * `runEventStoreConformance` from `@contexten/core/testing/conformance`.
 *
 * Writes are idempotent: appending an event id or a link id twice changes nothing. Every
 * method is implementable in SQL: key lookups use an indexed `(key, kind, event_id)` table,
 * `lineage` a recursive CTE over the links, `assignCorrelation` one `UPDATE`.
 */
export interface EventStore {
  /**
   * Stores events; ids already present (in the store or earlier in the batch) are skipped,
   * not overwritten. Every event is validated with `correlatedEventSchema` first: any
   * invalid event throws `ValidationError` and none of the batch is written.
   */
  append(events: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult>;
  /**
   * Records that a delivery was seen. Resolves `true` the first time for a
   * `(platform, deliveryId)` pair and `false` after that (until `prune` removes the
   * record), even when called concurrently.
   * `receivedAt` (default now) is what `prune` compares.
   */
  recordDelivery(platform: string, deliveryId: string, receivedAt?: Date): Promise<boolean>;
  /**
   * Appends a delivery's events and records the delivery in one atomic step, with its
   * after-ack work marked pending: either everything is written or nothing is. Returns
   * `stored` the first time, `resumed` when an earlier copy was stored but its after-ack
   * work was never completed and is not leased (the caller now holds the lease), and
   * `duplicate` otherwise (see `StoreDeliveryStatus`). Events are validated first
   * (`ValidationError`, nothing written).
   *
   * Optional, with {@link completeDelivery} and {@link claimPendingDeliveries}: a store
   * that has them lets the webhook handler survive a crash between the ack and the
   * after-ack work (the work is resumed on redelivery or by a sweep) and shed load when
   * the after-ack work falls behind. Without them the handler uses `append` then
   * `recordDelivery`, and after-ack work in flight during a crash is lost.
   */
  storeDelivery?(
    delivery: DeliveryRecord,
    options?: StoreDeliveryOptions,
  ): Promise<StoreDeliveryResult>;
  /** Marks a delivery's after-ack work done; unknown deliveries are ignored. */
  completeDelivery?(platform: string, deliveryId: string): Promise<void>;
  /**
   * Leases up to `limit` pending deliveries (after-ack work not completed) whose lease is
   * absent or ended before `now`, oldest first, to the caller until `leaseUntil`. Two
   * concurrent callers never claim the same delivery.
   */
  claimPendingDeliveries?(options: ClaimPendingOptions): Promise<PendingDelivery[]>;
  /** Reads one event, or `undefined` when it is not stored. */
  get(id: string, options?: ReadOptions): Promise<CorrelatedEvent | undefined>;
  /**
   * Events whose `keys` (`match: "keys"`), `refs` (`"refs"`) or either (`"any"`, default)
   * include any of `keys`, each event once, newest first. Found through an index on keys,
   * never by scanning all events; an empty `keys` list returns no events.
   */
  findByKeys(keys: readonly string[], options?: FindByKeysOptions): Promise<CorrelatedEvent[]>;
  /**
   * Several bounded key lookups in one call: for each lookup, the first `limit` events (in
   * its `order`) whose `keys`, `refs` or either include its key, within its `since` and
   * `until`, each event at most once per list. Resolves one list per lookup, in the lookups'
   * order; an event may appear in several lists. Like `findByKeys` it must use an index:
   * its cost depends on the lookups and their limits, never on how many events share a
   * key, so it stays cheap on a hot key (a pull request with thousands of check runs).
   *
   * Optional. The correlation engine reads its candidates this way (the first event of
   * each key and the newest few around it); without it the engine falls back to one
   * `findByKeys` per lookup, which is correct but reads more.
   */
  findPerKey?(lookups: readonly KeyLookup[], options?: ReadOptions): Promise<CorrelatedEvent[][]>;
  /** Filtered, cursor-paginated listing. */
  query(query?: EventQuery): Promise<EventPage>;
  /**
   * Sets `correlationId` on the events listed in `eventIds` and on every event whose
   * current `correlationId` is one of `correlationIds`, in one step: this is how the
   * correlation engine puts a new event in a group and merges groups. Unknown ids are
   * ignored. Nothing else about the events changes.
   */
  assignCorrelation(
    correlationId: string,
    target: { eventIds?: readonly string[]; correlationIds?: readonly string[] },
  ): Promise<void>;
  /**
   * Stores links; ids already present are skipped, not overwritten. Links are validated
   * with `correlationSchema` (`ValidationError`), and both events of every link must be
   * stored (`NotFoundError` otherwise); either way none of the batch is written.
   */
  link(links: Correlation | readonly Correlation[]): Promise<WriteResult>;
  /** Every link where the event is source or target, ordered by `createdAt`, then id. */
  linksOf(eventId: string): Promise<Correlation[]>;
  /**
   * Optional batch form of {@link EventStore.linksOf}: the links of several events in one
   * read, in the order of `eventIds` (each list ordered like `linksOf`). Readers that show
   * many events with their links (an API listing) use it when present.
   */
  linksOfMany?(eventIds: readonly string[]): Promise<Correlation[][]>;
  /**
   * Breadth-first walk of the links around an event, followed in both directions, bounded
   * by `maxDepth` and safe on cycles (each event is visited once, at its shortest
   * distance). Resolves `undefined` when the event is not stored. `payload: false` may
   * leave payloads out, as for other reads.
   */
  lineage(eventId: string, options?: LineageOptions): Promise<LineageGraph | undefined>;
  /**
   * Removes events that occurred strictly before `before`, every link touching a removed
   * event, and delivery records received strictly before `before`.
   */
  prune(before: Date): Promise<PruneResult>;
  /** Releases resources the store created itself (never an injected client). */
  close?(): Promise<void>;
}
