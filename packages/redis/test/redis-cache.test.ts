import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InvalidationMessage } from "../src/cache/invalidation-channel";
import { RedisCache } from "../src/cache/redis-cache";
import {
  deleteKeys,
  type OwnRedisServer,
  openClient,
  REDIS_URL,
  startOwnRedis,
  uniquePrefix,
} from "./support/redis";

let clients: Redis[] = [];
let caches: RedisCache[] = [];
let prefix: string;
beforeEach(() => {
  prefix = uniquePrefix("cache");
});
afterEach(async () => {
  for (const cache of caches) await cache.close();
  for (const client of clients) client.disconnect();
  await deleteKeys(prefix);
  clients = [];
  caches = [];
});

async function instance(
  url = REDIS_URL,
  onRemote?: (message: InvalidationMessage, at: number) => void,
) {
  const client = openClient(url);
  clients.push(client);
  const cache = new RedisCache({
    client,
    keyPrefix: prefix,
    ...(onRemote ? { onRemoteInvalidation: onRemote } : {}),
  });
  caches.push(cache);
  await cache.ready;
  return { cache, client };
}

describe("RedisCache", () => {
  it("serves repeated reads from the local tier, and drops it when another instance writes", async () => {
    const a = await instance();
    const heard: number[] = [];
    const b = await instance(REDIS_URL, (message, at) => heard.push(at - message.sentAt));
    await a.cache.set("github:GET /repos/acme/api", { v: 1 }, { etag: '"1"' });
    // A read racing an invalidation does not fill the local tier; wait for A's message first.
    await expect.poll(() => heard.length).toBe(1);
    expect(await b.cache.get("github:GET /repos/acme/api")).toMatchObject({ value: { v: 1 } });
    // Removed behind the caches' back: B still answers from its local tier.
    await a.client.del(`${prefix}cache:github:GET /repos/acme/api`);
    expect(await b.cache.get("github:GET /repos/acme/api")).toMatchObject({ etag: '"1"' });
    await a.cache.set("github:GET /repos/acme/api", { v: 2 }, { etag: '"2"' });
    await expect.poll(() => heard.length).toBe(2); // the delete above was silent; two sets
    expect(b.cache.localSize).toBe(0);
    expect(await b.cache.get("github:GET /repos/acme/api")).toMatchObject({ value: { v: 2 } });
    // Heard well within 100 ms.
    expect(Math.max(...heard)).toBeLessThan(100);
  });

  it("reads what Redis holds defensively: poisoned or foreign entries never reach a prototype", async () => {
    const { cache, client } = await instance();
    const future = Date.now() + 60_000;
    await client.set(
      `${prefix}cache:evil`,
      `{"value":{"__proto__":{"polluted":true},"ok":1},"expiresAt":${future},"storedAt":0}`,
    );
    await client.set(`${prefix}cache:garbage`, "not json {");
    await client.set(`${prefix}cache:foreign`, '{"something":"else"}');
    const entry = await cache.get<Record<string, unknown>>("evil");
    expect(entry?.value).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(entry?.value)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(await cache.get("garbage")).toBeUndefined();
    expect(await cache.get("foreign")).toBeUndefined();
  });

  it("keeps answering from its local tier while Redis is down, and drops that tier after reconnecting", async () => {
    const own: OwnRedisServer = await startOwnRedis();
    try {
      const a = await instance(own.url);
      await a.cache.set("k", "before");
      await own.kill();
      await expect.poll(() => a.client.status).not.toBe("ready");
      expect(await a.cache.get("k")).toMatchObject({ value: "before" });
      await a.cache.set("k2", "during");
      expect(await a.cache.get("k2")).toMatchObject({ value: "during" });
      expect(await a.cache.delete("k2")).toBe(true);
      expect(await a.cache.invalidatePattern("nothing*")).toBe(0);
      await own.start();
      // Invalidations may have been missed while disconnected: the local tier is dropped.
      await expect.poll(() => a.cache.localSize, { timeout: 10_000 }).toBe(0);
      expect(await a.cache.get("k")).toBeUndefined(); // the restarted Redis is empty
    } finally {
      await own.kill();
    }
  });
});
