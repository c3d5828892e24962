import type {
  ClaimPendingOptions,
  PendingDelivery,
  StoreDeliveryResult,
} from "../contracts/delivery-record";

/** What the memory store remembers of one delivery. */
interface DeliveryEntry {
  platform: string;
  deliveryId: string;
  receivedAt: number;
  eventIds: string[];
  /** After-ack work done (or never tracked: recorded through `recordDelivery`). */
  done: boolean;
  /** Lease on the after-ack work, epoch ms; 0 when unclaimed. */
  leaseUntil: number;
}

const DEFAULT_CLAIM_LIMIT = 100;

/**
 * Delivery records of the memory store: dedupe by `(platform, deliveryId)` and the
 * pending/leased/done state of each delivery's after-ack work.
 */
export class MemoryDeliveryLog {
  private readonly entries = new Map<string, DeliveryEntry>();
  /** The entries whose work is not done: what `claim` looks through, not the whole log. */
  private readonly pending = new Map<string, DeliveryEntry>();

  /** Records a delivery whose after-ack work is not tracked; true the first time. */
  record(platform: string, deliveryId: string, receivedAt: Date): boolean {
    if (this.entries.has(entryKey(platform, deliveryId))) return false;
    this.add(platform, deliveryId, receivedAt, [], "done");
    return true;
  }

  /**
   * The status a delivery would get from `storeDelivery` (claiming it when resumable), or
   * `undefined` when it is new. Does not write anything for a new delivery.
   */
  revisit(
    platform: string,
    deliveryId: string,
    now: number,
    leaseUntil: number,
  ): StoreDeliveryResult | undefined {
    const entry = this.entries.get(entryKey(platform, deliveryId));
    if (!entry) return undefined;
    if (entry.done || entry.leaseUntil > now) {
      return { status: "duplicate", eventIds: [...entry.eventIds] };
    }
    entry.leaseUntil = leaseUntil;
    return { status: "resumed", eventIds: [...entry.eventIds] };
  }

  /**
   * Records a new delivery: its after-ack work pending and leased until `work` (epoch ms;
   * 0: unclaimed), or already `done`.
   */
  add(
    platform: string,
    deliveryId: string,
    receivedAt: Date,
    eventIds: string[],
    work: number | "done",
  ): void {
    const key = entryKey(platform, deliveryId);
    const done = work === "done";
    const entry = {
      platform,
      deliveryId,
      receivedAt: receivedAt.getTime(),
      eventIds,
      done,
      leaseUntil: done ? 0 : work,
    };
    this.entries.set(key, entry);
    if (!done) this.pending.set(key, entry);
  }

  /** Marks a delivery's after-ack work done. */
  complete(platform: string, deliveryId: string): void {
    const key = entryKey(platform, deliveryId);
    const entry = this.entries.get(key);
    if (entry) {
      entry.done = true;
      entry.leaseUntil = 0;
      this.pending.delete(key);
    }
  }

  /** Leases pending deliveries whose lease is absent or over, oldest first. */
  claim(options: ClaimPendingOptions): PendingDelivery[] {
    const now = (options.now ?? new Date()).getTime();
    const limit = options.limit ?? DEFAULT_CLAIM_LIMIT;
    const claimable = [...this.pending.values()]
      .filter(
        (entry) =>
          !entry.done &&
          entry.leaseUntil <= now &&
          (!options.platforms || options.platforms.includes(entry.platform)),
      )
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, limit);
    return claimable.map((entry) => {
      entry.leaseUntil = options.leaseUntil.getTime();
      return {
        platform: entry.platform,
        deliveryId: entry.deliveryId,
        receivedAt: new Date(entry.receivedAt),
        eventIds: [...entry.eventIds],
      };
    });
  }

  /** Removes records received strictly before `cutoff` (epoch ms); returns how many. */
  prune(cutoff: number): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.receivedAt < cutoff) {
        this.entries.delete(key);
        this.pending.delete(key);
        removed += 1;
      }
    }
    return removed;
  }
}

function entryKey(platform: string, deliveryId: string): string {
  return `${platform}\u0000${deliveryId}`;
}
