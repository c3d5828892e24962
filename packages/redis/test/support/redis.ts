import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { toRedisMatch } from "../../src/cache/redis-glob";

/** The machine's Redis. Never flushed: every test uses its own key prefix and deletes it. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test (or process) uses. */
export function uniquePrefix(label = "t"): string {
  return `contexten-test:${label}:${process.pid}:${randomBytes(4).toString("hex")}:`;
}

/** A client on `url` that fails fast instead of queueing while disconnected. */
export function openClient(url = REDIS_URL): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    // Reconnect quickly in tests; production keeps ioredis's default backoff.
    retryStrategy: () => 50,
  });
  // Refused connections while a test's own server is down are expected.
  client.on("error", () => {});
  return client;
}

/** Deletes every key starting with `prefix`. */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<number> {
  const client = new Redis(url);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(
        cursor,
        "MATCH",
        toRedisMatch(prefix, "*"),
        "COUNT",
        1000,
      );
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return deleted;
}

export {
  type RedisServer as OwnRedisServer,
  startRedisServer as startOwnRedis,
} from "../../src/testing/redis-server";
