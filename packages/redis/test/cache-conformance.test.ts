import type { Clock } from "@contexten/core";
import { runCacheConformance } from "@contexten/core/testing/conformance";
import type { Redis } from "ioredis";
import { afterAll } from "vitest";
import { RedisCache } from "../src/cache/redis-cache";
import { deleteKeys, openClient, uniquePrefix } from "./support/redis";

const clients: Redis[] = [];
const prefixes: string[] = [];
const prefixOf = new WeakMap<object, string>();

async function cacheOn(prefix: string, clock: Clock) {
  const client = openClient();
  clients.push(client);
  const cache = new RedisCache({ client, keyPrefix: prefix, clock });
  prefixOf.set(cache, prefix);
  await cache.ready;
  return cache;
}

runCacheConformance({
  name: "RedisCache",
  createCache: (clock) => {
    const prefix = uniquePrefix("cache");
    prefixes.push(prefix);
    return cacheOn(prefix, clock);
  },
  createPeer: (cache, clock) => cacheOn(prefixOf.get(cache)!, clock),
  cleanup: async (caches) => {
    for (const cache of caches) await (cache as RedisCache).close();
  },
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
  for (const client of clients) client.disconnect();
});
