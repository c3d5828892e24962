import type { StoreContext } from "./store-context";

interface Waiting {
  platform: string;
  deliveryId: string;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Marks deliveries' post-ack work done in batches: a completion arriving while another
 * is being written waits and goes with everything else that arrived meanwhile, in one
 * `UPDATE` and one commit. No timer: a lone completion is written at once. Completing is
 * idempotent, so a failed batch fails all of its callers and their deliveries stay
 * pending, for the next sweep.
 */
export class CompletionBatches {
  readonly #context: () => Promise<StoreContext>;
  readonly #maxBatch: number;
  #queue: Waiting[] = [];
  #writing = false;

  constructor(context: () => Promise<StoreContext>, maxBatch: number) {
    this.#context = context;
    this.#maxBatch = maxBatch;
  }

  complete(platform: string, deliveryId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ platform, deliveryId, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          await completeDeliveries(await this.#context(), batch);
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }
}

/** Marks the deliveries' post-ack work done; unknown deliveries are ignored. */
export async function completeDeliveries(
  context: StoreContext,
  deliveries: readonly { platform: string; deliveryId: string }[],
): Promise<void> {
  await context.client.query(
    `UPDATE ${context.tables.deliveries} AS d SET pending = false, lease_until = NULL
      FROM unnest($1::text[], $2::text[]) AS done(platform, delivery_id)
      WHERE d.platform = done.platform AND d.delivery_id = done.delivery_id AND d.pending`,
    [deliveries.map((entry) => entry.platform), deliveries.map((entry) => entry.deliveryId)],
  );
}
