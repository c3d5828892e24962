import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";

/** What {@link EventStore.append} and {@link EventStore.link} did. */
export interface WriteResult {
  /** Ids written now. */
  inserted: string[];
  /** Ids that already existed and were left untouched. */
  existing: string[];
}

/** Filters for {@link EventStore.query}. Every given filter must hold. */
export interface EventQuery {
  /** Only these platforms. */
  platform?: string | readonly string[];
  /** Only types matching these globs (`github.pull_request.*`, `linear.**`). */
  type?: string | readonly string[];
  /** Only events that occurred at or after this instant. */
  since?: Date;
  /** Only events that occurred strictly before this instant. */
  until?: Date;
  /** Only events of this correlation group. */
  correlationId?: string;
  /** `newest` (default) or `oldest` first, by `occurredAt` then id. */
  order?: "newest" | "oldest";
  /** Page size, 1–1000, default 50. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

/** One page of {@link EventStore.query}. */
export interface EventPage {
  /** Events in the requested order. */
  events: CorrelatedEvent[];
  /** Pass as `cursor` to read the next page; absent on the last page. */
  nextCursor?: string;
}

/** Options for {@link EventStore.findByKeys}. */
export interface FindByKeysOptions {
  /**
   * Which side to match: events that *are* one of the keys (`keys`), events that
   * *mention* one (`refs`), or either (`any`, the default).
   */
  match?: "keys" | "refs" | "any";
  /** Only events that occurred at or after this instant. */
  since?: Date;
  /** At most this many events, newest first (default 1000). */
  limit?: number;
}

/** Options for {@link EventStore.lineage}. */
export interface LineageOptions {
  /** Links to follow from the root at most (default 10, the seed's `max_correlation_depth`). */
  maxDepth?: number;
}

/** The connected part of the link graph around one event. */
export interface LineageGraph {
  /** The event asked for. */
  root: CorrelatedEvent;
  /** Every event reached, the root included. */
  events: CorrelatedEvent[];
  /** Every link between reached events. */
  links: Correlation[];
  /** Distance from the root in links, by event id. */
  depths: Record<string, number>;
  /** True when `maxDepth` stopped the traversal while links remained. */
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
 * `runEventStoreConformance` from `@contexten/core/testing`.
 *
 * Writes are idempotent: appending an event id or a link id twice changes nothing.
 */
export interface EventStore {
  /** Stores events; ids already present are skipped, not overwritten. */
  append(events: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult>;
  /**
   * Records that a delivery was seen. Resolves `true` the first time for a
   * `(platform, deliveryId)` pair and `false` ever after, even under concurrency.
   */
  recordDelivery(platform: string, deliveryId: string, receivedAt?: Date): Promise<boolean>;
  /** Reads one event. */
  get(id: string): Promise<CorrelatedEvent | undefined>;
  /** Events whose keys and/or refs include any of `keys`, found by index. */
  findByKeys(keys: readonly string[], options?: FindByKeysOptions): Promise<CorrelatedEvent[]>;
  /** Filtered, cursor-paginated listing. */
  query(query?: EventQuery): Promise<EventPage>;
  /** Sets `correlationId` on the given events and on every event of the given groups. */
  assignCorrelation(
    correlationId: string,
    target: { eventIds?: readonly string[]; correlationIds?: readonly string[] },
  ): Promise<void>;
  /** Stores links; ids already present are skipped. */
  link(links: Correlation | readonly Correlation[]): Promise<WriteResult>;
  /** Every link where the event is source or target. */
  linksOf(eventId: string): Promise<Correlation[]>;
  /** Breadth-first walk of links from an event, bounded by depth, safe on cycles. */
  lineage(eventId: string, options?: LineageOptions): Promise<LineageGraph | undefined>;
  /** Removes events that occurred before `before`, their links, and older delivery records. */
  prune(before: Date): Promise<PruneResult>;
  /** Releases resources the store created itself (never an injected client). */
  close?(): Promise<void>;
}
