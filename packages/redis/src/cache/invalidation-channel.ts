import type { RedisClient } from "../rate-limit/bucket-script-client";

/** What one instance tells the others to drop from their local tier. */
export interface InvalidationMessage {
  /** The instance that changed the shared tier (its own local tier is already up to date). */
  from: string;
  /** Keys replaced or deleted. */
  keys?: string[];
  /** A glob whose keys were removed. */
  pattern?: string;
  /** Everything was removed. */
  clear?: true;
  /** When it was sent, epoch ms of real time (for measuring how fast it travels). */
  sentAt: number;
}

function readMessage(text: string): InvalidationMessage | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<InvalidationMessage>;
    if (typeof parsed !== "object" || parsed === null || typeof parsed.from !== "string") {
      return undefined;
    }
    return {
      from: parsed.from,
      sentAt: typeof parsed.sentAt === "number" ? parsed.sentAt : 0,
      ...(Array.isArray(parsed.keys)
        ? { keys: parsed.keys.filter((key): key is string => typeof key === "string") }
        : {}),
      ...(typeof parsed.pattern === "string" ? { pattern: parsed.pattern } : {}),
      ...(parsed.clear === true ? { clear: true as const } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Redis pub/sub between the local tiers of every instance: one channel per key prefix, a
 * connection of its own in subscriber mode (ioredis resubscribes after reconnecting).
 * Messages lost while the subscription was down are unknowable, so `onReconnect` tells
 * the cache to drop its whole local tier then.
 */
export class InvalidationChannel {
  readonly #subscriber: RedisClient;
  readonly #owned: boolean;
  readonly ready: Promise<void>;

  constructor(
    private readonly publisher: RedisClient,
    private readonly channel: string,
    handlers: { onMessage(message: InvalidationMessage): void; onReconnect(): void },
    subscriber?: RedisClient,
  ) {
    this.#owned = subscriber === undefined;
    // A union's `duplicate` overloads are not callable together; each kind duplicates itself.
    this.#subscriber = subscriber ?? (publisher as { duplicate(): RedisClient }).duplicate();
    this.#subscriber.on("error", () => {
      // Reconnection is automatic; the cache falls back to its local tier meanwhile.
    });
    let subscribedOnce = false;
    this.#subscriber.on("ready", () => {
      if (subscribedOnce) handlers.onReconnect();
    });
    this.#subscriber.on("message", (from: string, text: string) => {
      if (from !== channel) return;
      const message = readMessage(text);
      if (message) handlers.onMessage(message);
    });
    this.ready = this.#subscriber.subscribe(channel).then(() => {
      subscribedOnce = true;
    });
    // A failed first subscription is retried by ioredis; nobody has to await `ready`.
    this.ready.catch(() => {});
  }

  /** Tells every other instance; never throws (their tiers expire on their own). */
  async publish(message: InvalidationMessage): Promise<void> {
    // Sent only on a live connection: queued, it would wait for the next one.
    if (this.publisher.status !== "ready") return;
    try {
      await this.publisher.publish(this.channel, JSON.stringify(message));
    } catch {
      // Redis is out of reach: other instances drop their tiers when they reconnect.
    }
  }

  /** Unsubscribes; disconnects the subscriber connection if this channel opened it. */
  async close(): Promise<void> {
    if (this.#owned) {
      this.#subscriber.disconnect();
      return;
    }
    await this.#subscriber.unsubscribe(this.channel).catch(() => {});
  }
}
