import { runRateLimitBackendConformance } from "@contexten/core/testing/conformance";
import type { Redis } from "ioredis";
import { afterAll } from "vitest";
import { RedisRateLimitBackend } from "../src/rate-limit/redis-rate-limit-backend";
import { deleteKeys, openClient, uniquePrefix } from "./support/redis";

const clients: Redis[] = [];
const prefixes: string[] = [];
const prefixOf = new WeakMap<object, string>();

function backend(prefix: string): RedisRateLimitBackend {
  const client = openClient();
  clients.push(client);
  const created = new RedisRateLimitBackend({ client, keyPrefix: prefix });
  prefixOf.set(created, prefix);
  return created;
}

runRateLimitBackendConformance({
  name: "RedisRateLimitBackend",
  createBackend: () => {
    const prefix = uniquePrefix("rl");
    prefixes.push(prefix);
    return backend(prefix);
  },
  // Another instance: its own connection, the same prefix.
  createPeer: (first) => backend(prefixOf.get(first)!),
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
  for (const client of clients) client.disconnect();
});
