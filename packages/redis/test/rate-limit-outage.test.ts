import { UnifiedRateLimiter } from "@contexten/core";
import type { RateLimitBucket } from "@contexten/core/adapter";
import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type RedisBackendMode,
  RedisRateLimitBackend,
} from "../src/rate-limit/redis-rate-limit-backend";
import { type OwnRedisServer, openClient, startOwnRedis } from "./support/redis";

const T = Date.UTC(2030, 0, 1, 9);
const HOUR = 3_600_000;
const content: RateLimitBucket = {
  key: "github:content-hour",
  limit: 90,
  windowMs: HOUR,
  refill: "window",
  burst: 9,
};
const one = (cost = 1) => [{ bucket: content, cost }];

let redis: OwnRedisServer;
let clients: Redis[];
beforeEach(async () => {
  redis = await startOwnRedis();
  clients = [];
});
afterEach(async () => {
  for (const client of clients) client.disconnect();
  await redis.kill();
});

function instance(options: { whenUnavailable?: "local-share" | "wait"; retryIntervalMs?: number }) {
  const client = openClient(redis.url);
  clients.push(client);
  const modes: RedisBackendMode[] = [];
  const backend = new RedisRateLimitBackend({
    client,
    localShare: 0.5,
    onModeChange: (mode) => modes.push(mode),
    ...options,
  });
  return { backend, modes, client };
}

async function ready(client: Redis) {
  if (client.status !== "ready") await new Promise((resolve) => client.once("ready", resolve));
}

describe("while Redis is out of reach", () => {
  it("local-share: each instance spends its share of what was left, then budgets resynchronise", async () => {
    const a = instance({});
    const b = instance({});
    await Promise.all([ready(a.client), ready(b.client)]);
    // The platform says 40 of 90 are left this hour; both instances have seen that state.
    await a.backend.observe(content, { remaining: 40, resetAt: T + HOUR }, T);
    expect((await b.backend.inspect(content, T)).remaining).toBe(40);

    await redis.kill();
    // Each instance now holds half of what was left (20), paced over the rest of the hour.
    const later = T + HOUR / 2;
    let grantedA = 0;
    for (let i = 0; i < 30; i += 1) {
      if ((await a.backend.tryAcquire(one(), later)).granted) grantedA += 1;
    }
    expect(a.backend.mode).toBe("local-share");
    expect(grantedA).toBeGreaterThan(0);
    expect(grantedA).toBeLessThanOrEqual(20);
    // Until the window resets, never more than the share: 20.
    let total = grantedA;
    for (let i = 0; i < 30; i += 1) {
      if ((await a.backend.tryAcquire(one(), T + HOUR - 1)).granted) total += 1;
    }
    expect(total).toBe(20);
    // B's burst is half of 9 as well.
    expect((await b.backend.tryAcquire(one(5), later)).granted).toBe(false);
    expect((await b.backend.tryAcquire(one(4), later)).granted).toBe(true);
    // A platform report during the outage is applied to the share too.
    await b.backend.observe(content, { remaining: 10, resetAt: T + HOUR }, later);
    expect((await b.backend.inspect(content, later)).remaining).toBe(10);

    // Redis comes back empty. Both instances write back what they know.
    await redis.start();
    await expect
      .poll(() => [a.backend.mode, b.backend.mode], { timeout: 10_000 })
      .toEqual(["shared", "shared"]);
    expect(a.modes).toEqual(["local-share", "shared"]);
    // 50 used before (both remembered it), 20 granted by A during the outage, and B's
    // platform report (10 left) since which B granted nothing. The most cautious wins:
    // 10 left, or 0 when A's 20 are added after B's report (whichever wrote back last).
    const after = await a.backend.inspect(content, later + 1);
    expect(after.resetAt).toBe(T + HOUR);
    expect([0, 10]).toContain(after.remaining);
    // A Redis that lost everything does not hand the budget out again.
    const fresh = await b.backend.tryAcquire(one(20), later + 2);
    expect(fresh.granted).toBe(false);
  });

  it("adds every instance's outage grants to the most recent state any of them saw, in any order", async () => {
    const a = instance({});
    const b = instance({});
    await Promise.all([ready(a.client), ready(b.client)]);
    const big = { ...content, burst: 90 };
    const take = (backend: RedisRateLimitBackend, cost: number, at: number) =>
      backend.tryAcquire([{ bucket: big, cost }], at);
    await take(a.backend, 10, T); // A last saw 10 used
    await take(b.backend, 10, T + 1); // B last saw 20 used
    await redis.kill();
    expect((await take(a.backend, 3, T + 2)).granted).toBe(true);
    expect((await take(b.backend, 4, T + 3)).granted).toBe(true);
    await redis.start();
    await expect
      .poll(() => [a.backend.mode, b.backend.mode], { timeout: 10_000 })
      .toEqual(["shared", "shared"]);
    // 20 (the latest state seen) + 3 + 4, whichever instance wrote back first.
    expect((await a.backend.inspect(big, T + 4)).remaining).toBe(90 - 27);
  });

  it("wait: nothing is granted and callers keep their place until Redis is back", async () => {
    const a = instance({ whenUnavailable: "wait", retryIntervalMs: 20 });
    await ready(a.client);
    const limiter = new UnifiedRateLimiter({
      profiles: [],
      config: { budgets: { test: { "*": { limit: 6_000, windowSeconds: 60, refill: "window" } } } },
      backend: a.backend,
    });
    await limiter.acquire("test", "jobs");
    await redis.kill();
    expect(await a.backend.tryAcquire(one(), Date.now())).toMatchObject({
      granted: false,
      retryInMs: 20,
    });
    expect(a.backend.mode).toBe("waiting");
    let settled = false;
    const pending = limiter.acquire("test", "jobs").then((grant) => {
      settled = true;
      return grant;
    });
    // It keeps retrying without being granted or refused while Redis is gone.
    await expect.poll(() => a.client.status).not.toBe("ready");
    expect(settled).toBe(false);
    await redis.start();
    const grant = await pending;
    expect(grant.cost).toBe(1);
    expect(a.backend.mode).toBe("shared");
    expect(a.modes).toEqual(["waiting", "shared"]);
  });
});
