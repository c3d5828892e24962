/**
 * Shared state on Redis (the machine's, 127.0.0.1:6379; keys under a unique prefix,
 * deleted at the end): `acquire` per second through contexten's `UnifiedRateLimiter` on
 * `RedisRateLimitBackend`, next to rate-limiter-flexible's `RateLimiterRedis.consume` (the
 * usual shared limiter, one atomic script per call as well) and the memory backend, in the
 * same run; and `RedisCache.get` per second on a local-tier hit and on a Redis hit, next to
 * core's `MemoryCache`. Each call is awaited before the next: this is per-call latency on
 * one connection, not throughput under concurrency.
 */
import { MemoryCache, MemoryRateLimitBackend, UnifiedRateLimiter } from "@contexten/core";
import { RedisCache, RedisRateLimitBackend } from "@contexten/redis";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { Bench } from "tinybench";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `contexten-bench:${process.pid}:`;
const client = new Redis(url);
const HUGE = 1e12;
const budgets = {
  bench: { "*": { limit: HUGE, windowSeconds: 3_600, refill: "window" as const } },
};

const redisLimiter = new UnifiedRateLimiter({
  profiles: [],
  config: { budgets },
  backend: new RedisRateLimitBackend({ client, keyPrefix: prefix }),
});
const memoryLimiter = new UnifiedRateLimiter({
  profiles: [],
  config: { budgets },
  backend: new MemoryRateLimitBackend(),
});
const flexible = new RateLimiterRedis({
  storeClient: client,
  keyPrefix: `${prefix}flexible`,
  points: HUGE,
  duration: 3_600,
});

const localHits = new RedisCache({ client, keyPrefix: prefix });
// One local entry at most and two keys read in turn: every read misses locally, hits Redis.
const redisHits = new RedisCache({ client, keyPrefix: prefix, config: { maxEntries: 1 } });
const memoryCache = new MemoryCache();
const response = {
  status: 200,
  headers: { etag: '"abc"', "content-type": "application/json; charset=utf-8" },
  body: { id: 42, title: "Fix login redirect loop", labels: ["bug"], user: { login: "ada" } },
};
await Promise.all([localHits.ready, redisHits.ready]);
await localHits.set("github:GET /repos/acme/api/pulls/42", response, { platform: "github" });
await redisHits.set("github:GET /repos/acme/api/pulls/1", response, { platform: "github" });
await redisHits.set("github:GET /repos/acme/api/pulls/2", response, { platform: "github" });
await memoryCache.set("github:GET /repos/acme/api/pulls/42", response, { platform: "github" });
let turn = 0;

const bench = new Bench({ time: 2_000, warmupTime: 300 });
bench
  .add("contexten acquire (RedisRateLimitBackend)", async () => {
    await redisLimiter.acquire("bench", "jobs");
  })
  .add("rate-limiter-flexible RateLimiterRedis.consume", async () => {
    await flexible.consume("jobs", 1);
  })
  .add("contexten acquire (MemoryRateLimitBackend)", async () => {
    await memoryLimiter.acquire("bench", "jobs");
  })
  .add("RedisCache get (local hit)", async () => {
    await localHits.get("github:GET /repos/acme/api/pulls/42");
  })
  .add("RedisCache get (Redis hit)", async () => {
    turn = 1 - turn;
    if (!(await redisHits.get(`github:GET /repos/acme/api/pulls/${turn + 1}`))) {
      throw new Error("expected a Redis hit");
    }
  })
  .add("MemoryCache get", async () => {
    await memoryCache.get("github:GET /repos/acme/api/pulls/42");
  });

await bench.run();

const rows: BenchmarkRow[] = bench.tasks.map((task) => {
  const result = task.result;
  if (!result || !("throughput" in result)) throw new Error(`${task.name} did not complete`);
  return {
    name: task.name,
    opsPerSecond: result.throughput.mean,
    meanNs: result.latency.mean * 1e6,
    extra: { p99: `${((result.latency.p99 ?? 0) * 1000).toFixed(0)} µs` },
  };
});
const row = (name: string) => rows.find((entry) => entry.name === name)!;

printTable("Rate-limit acquire, one caller, budget never binds", rows.slice(0, 3));
printRatio(
  row("contexten acquire (RedisRateLimitBackend)"),
  row("rate-limiter-flexible RateLimiterRedis.consume"),
);
printRatio(
  row("contexten acquire (RedisRateLimitBackend)"),
  row("contexten acquire (MemoryRateLimitBackend)"),
);
printTable("Cache get", rows.slice(3));
printRatio(row("RedisCache get (local hit)"), row("MemoryCache get"));
printRatio(row("RedisCache get (Redis hit)"), row("RedisCache get (local hit)"));

await Promise.all([localHits.close(), redisHits.close()]);
const keys = await client.keys(`${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`);
if (keys.length > 0) await client.del(...keys);
client.disconnect();
