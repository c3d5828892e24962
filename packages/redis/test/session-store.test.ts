import { runSessionStoreConformance } from "@contexten/core/testing/conformance";
import type { Redis } from "ioredis";
import { afterAll } from "vitest";
import { RedisSessionStore } from "../src/sessions/redis-session-store";
import { deleteKeys, openClient, uniquePrefix } from "./support/redis";

const clients: Redis[] = [];
const prefixes: string[] = [];
const prefixOf = new WeakMap<object, string>();
// Sessions in the suite expire in 2030; key lifetimes follow this clock.
const clock = { now: () => Date.UTC(2030, 0, 1, 9) };

function storeOn(prefix: string) {
  const client = openClient();
  clients.push(client);
  const store = new RedisSessionStore({ client, keyPrefix: prefix, clock });
  prefixOf.set(store, prefix);
  return store;
}

runSessionStoreConformance({
  name: "RedisSessionStore",
  createStore: () => {
    const prefix = uniquePrefix("sessions");
    prefixes.push(prefix);
    return storeOn(prefix);
  },
  createPeer: (store) => storeOn(prefixOf.get(store)!),
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
  for (const client of clients) client.disconnect();
});
