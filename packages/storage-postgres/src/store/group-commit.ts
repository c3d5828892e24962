import { APPEND_CHUNK_SIZE } from "./append-events";
import { type PreparedDelivery, writeDeliveries } from "./delivery-work";
import type { StoreContext } from "./store-context";
import { isUnavailable } from "./store-errors";

interface Waiting {
  item: PreparedDelivery;
  key: string;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

/** Settings of {@link GroupCommit}. */
export interface GroupCommitSettings {
  /** Deliveries written together at most. */
  maxBatch: number;
  /** Batches being written at once; more callers wait and join the next batch. */
  maxInFlight: number;
}

/**
 * Group commit for deliveries: a delivery arriving while the store is already writing
 * `maxInFlight` batches waits and is written with everything else that arrived meanwhile,
 * in one statement and one commit. Nothing waits on a timer: an idle store writes a lone
 * delivery at once, and a busy one amortizes each commit over every waiting delivery, so
 * throughput follows the database rather than its commit latency.
 *
 * Each caller still learns its own outcome only once its rows are committed. A batch that
 * fails on its data is retried delivery by delivery, so a problem with one delivery fails
 * that one alone; when the database is unavailable, every delivery of the batch gets the
 * error at once.
 */
export class GroupCommit {
  readonly #settings: GroupCommitSettings;
  readonly #context: () => Promise<StoreContext>;
  #queue: Waiting[] = [];
  #inFlight = 0;

  constructor(context: () => Promise<StoreContext>, settings: GroupCommitSettings) {
    this.#context = context;
    this.#settings = settings;
  }

  /** Writes `item` with whatever is waiting; resolves whether the delivery was new. */
  write(item: PreparedDelivery): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#queue.push({
        item,
        key: `${item.delivery.platform}\u0000${item.delivery.deliveryId}`,
        resolve,
        reject,
      });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#settings.maxInFlight && this.#queue.length > 0) {
      const batch = this.#take();
      this.#inFlight += 1;
      void this.#flush(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  /**
   * The next batch: oldest first, distinct deliveries (a repeat waits for the next batch,
   * where it finds the first one written), within one statement's size.
   */
  #take(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    const rest: Waiting[] = [];
    let events = 0;
    for (const waiting of this.#queue) {
      const count = waiting.item.sorted.length;
      const fits =
        batch.length < this.#settings.maxBatch &&
        !keys.has(waiting.key) &&
        (batch.length === 0 || events + count <= APPEND_CHUNK_SIZE);
      if (fits) {
        batch.push(waiting);
        keys.add(waiting.key);
        events += count;
      } else {
        rest.push(waiting);
      }
    }
    this.#queue = rest;
    return batch;
  }

  async #flush(batch: Waiting[]): Promise<void> {
    try {
      const context = await this.#context();
      const stored = await writeDeliveries(
        context,
        batch.map((waiting) => waiting.item),
      );
      for (const [index, waiting] of batch.entries()) waiting.resolve(stored[index]!);
    } catch (error) {
      if (batch.length === 1 || isUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One at a time, so only the delivery at fault (if any) gets the error.
      await Promise.all(
        batch.map(async (waiting) => {
          try {
            const context = await this.#context();
            const [stored] = await writeDeliveries(context, [waiting.item]);
            waiting.resolve(stored!);
          } catch (single) {
            waiting.reject(single);
          }
        }),
      );
    }
  }
}
