import {
  type Clock,
  type SessionStore,
  type StoredSession,
  systemClock,
  ValidationError,
} from "@contexten/core";
import { parseTagged, stringifyTagged } from "@contexten/core/adapter";
import type { RedisClient } from "../rate-limit/bucket-script-client";

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** An ioredis client; the store never closes it. */
  client: RedisClient;
  /** Prefix of every key (default `contexten:`); shared by all instances. */
  keyPrefix?: string | undefined;
  /** Time source for key lifetimes (default system time). */
  clock?: Pick<Clock, "now"> | undefined;
  /**
   * How long a session is kept after it expired, ms (default one day), so a late click
   * still finds it and is told it expired instead of nothing.
   */
  retainExpiredMs?: number | undefined;
}

function isSession(value: unknown): value is StoredSession {
  const session = value as StoredSession | undefined;
  return (
    typeof session === "object" &&
    session !== null &&
    typeof session.id === "string" &&
    session.expiresAt instanceof Date
  );
}

/**
 * Sessions in Redis, shared by every instance (e.g. Slack's `InteractiveWorkflowManager`:
 * `new InteractiveWorkflowManager({ store: new RedisSessionStore({ client }) })`), so a
 * modal opened through one replica can be submitted through another. Sessions are stored
 * as tagged JSON (their dates come back as `Date`s), expire from Redis `retainExpiredMs`
 * after their own `expiresAt`, and are indexed by expiry for `listExpiring`. Keys share
 * one hash tag, so they live in one Redis Cluster slot.
 */
export class RedisSessionStore<Session extends StoredSession = StoredSession>
  implements SessionStore<Session>
{
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #index: string;
  readonly #clock: Pick<Clock, "now">;
  readonly #retainMs: number;

  constructor(options: RedisSessionStoreOptions) {
    this.#client = options.client;
    this.#prefix = `${options.keyPrefix ?? "contexten:"}{sessions}:`;
    this.#index = `${this.#prefix}by-expiry`;
    this.#clock = options.clock ?? systemClock;
    this.#retainMs = options.retainExpiredMs ?? 86_400_000;
  }

  async get(id: string): Promise<Session | undefined> {
    return this.#read(id, await this.#client.get(this.#key(id)));
  }

  async save(session: Session): Promise<void> {
    if (!isSession(session)) {
      throw new ValidationError({
        message: "A session needs a string id and an expiresAt Date.",
        issues: [{ path: "expiresAt", message: "expected a Date" }],
      });
    }
    const lifetime = session.expiresAt.getTime() - this.#clock.now() + this.#retainMs;
    await this.#client
      .multi()
      .set(this.#key(session.id), stringifyTagged(session), "PX", Math.max(1, lifetime))
      .zadd(this.#index, session.expiresAt.getTime(), session.id)
      .exec();
  }

  async delete(id: string): Promise<void> {
    await this.#client.multi().del(this.#key(id)).zrem(this.#index, id).exec();
  }

  async listExpiring(now: Date): Promise<Session[]> {
    const ids = await this.#client.zrangebyscore(this.#index, "-inf", now.getTime());
    if (ids.length === 0) return [];
    const texts = await this.#client.mget(...ids.map((id) => this.#key(id)));
    const sessions: Session[] = [];
    const gone: string[] = [];
    ids.forEach((id, index) => {
      const session = this.#read(id, texts[index] ?? null);
      if (session) sessions.push(session);
      else gone.push(id);
    });
    // Sessions Redis expired leave their index entry behind; tidy up on the way.
    if (gone.length > 0) await this.#client.zrem(this.#index, ...gone);
    return sessions;
  }

  #key(id: string): string {
    return `${this.#prefix}session:${id}`;
  }

  #read(id: string, text: string | null): Session | undefined {
    if (text === null) return undefined;
    try {
      const session = parseTagged(text);
      return isSession(session) && session.id === id ? (session as Session) : undefined;
    } catch {
      return undefined;
    }
  }
}
