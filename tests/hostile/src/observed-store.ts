import type {
  CorrelatedEvent,
  Correlation,
  EventPage,
  EventQuery,
  EventStore,
  FindByKeysOptions,
  LineageGraph,
  LineageOptions,
  PruneResult,
  ReadOptions,
  WriteResult,
} from "@contexten/core";

/**
 * A real {@link EventStore} seen through a window: every call goes to it unchanged, and
 * the deliveries it recorded for the first time are remembered, so a test can prove that
 * a refused request left no delivery id behind (one that would make the platform's retry
 * look like a duplicate and lose the delivery).
 */
export class ObservedStore implements EventStore {
  /** `platform:deliveryId` of every delivery recorded for the first time, in order. */
  readonly recordedDeliveries: string[] = [];

  /** @param inner The store that does the work. */
  constructor(readonly inner: EventStore) {}

  async append(events: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult> {
    return this.inner.append(events);
  }

  async recordDelivery(platform: string, deliveryId: string, receivedAt?: Date): Promise<boolean> {
    const first = await this.inner.recordDelivery(platform, deliveryId, receivedAt);
    if (first) this.recordedDeliveries.push(`${platform}:${deliveryId}`);
    return first;
  }

  get(id: string, options?: ReadOptions): Promise<CorrelatedEvent | undefined> {
    return this.inner.get(id, options);
  }

  findByKeys(keys: readonly string[], options?: FindByKeysOptions): Promise<CorrelatedEvent[]> {
    return this.inner.findByKeys(keys, options);
  }

  query(query?: EventQuery): Promise<EventPage> {
    return this.inner.query(query);
  }

  assignCorrelation(
    ...args: Parameters<EventStore["assignCorrelation"]>
  ): ReturnType<EventStore["assignCorrelation"]> {
    return this.inner.assignCorrelation(...args);
  }

  link(links: Correlation | readonly Correlation[]): Promise<WriteResult> {
    return this.inner.link(links);
  }

  linksOf(eventId: string): Promise<Correlation[]> {
    return this.inner.linksOf(eventId);
  }

  lineage(eventId: string, options?: LineageOptions): Promise<LineageGraph | undefined> {
    return this.inner.lineage(eventId, options);
  }

  prune(before: Date): Promise<PruneResult> {
    return this.inner.prune(before);
  }
}

/** Counts every event in `store` (reads pages of ids only). */
export async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.query({ limit: 1000, payload: false, ...(cursor ? { cursor } : {}) });
    count += page.events.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
