/**
 * Overhead of an uncontended rate-limit acquire: contexten's UnifiedRateLimiter against
 * bottleneck and p-queue doing the same job (a budget far from exhausted, so nobody waits)
 * in the same run. Also with a concurrency cap of 100 in flight (GitHub's), where
 * contexten's `schedule` runs the task through p-queue after taking budget.
 */
import { UnifiedRateLimiter } from "@contexten/core";
import { githubRateLimitProfile } from "@contexten/github";
import Bottleneck from "bottleneck";
import PQueue from "p-queue";
import { Bench } from "tinybench";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";

const HUGE = 1e12;
const HOUR_SECONDS = 3_600;
const huge = { limit: HUGE, windowSeconds: HOUR_SECONDS, refill: "window" as const };

// One bucket: the plainest equivalent of a token reservoir.
const single = new UnifiedRateLimiter({
  profiles: [],
  config: { budgets: { bench: { "*": huge } } },
});
// GitHub's real rules (core + secondary points), with budgets too large to run out.
const github = new UnifiedRateLimiter({
  profiles: [githubRateLimitProfile()],
  config: { budgets: { github: { core: huge, "secondary-rest": huge } } },
});
const bottleneck = new Bottleneck({ reservoir: HUGE });
const bottleneckCapped = new Bottleneck({ reservoir: HUGE, maxConcurrent: 100 });
const queue = new PQueue({ interval: HOUR_SECONDS * 1000, intervalCap: HUGE });
const queueCapped = new PQueue({
  interval: HOUR_SECONDS * 1000,
  intervalCap: HUGE,
  concurrency: 100,
});
const noop = async () => undefined;

const bench = new Bench({ time: 1_000, warmupTime: 200 });
bench
  .add("contexten acquire", async () => {
    await single.acquire("bench", "jobs");
  })
  .add("contexten acquire (GitHub rules)", async () => {
    await github.acquire("github", "core");
  })
  .add("bottleneck schedule", async () => {
    await bottleneck.schedule(noop);
  })
  .add("p-queue add", async () => {
    await queue.add(noop);
  })
  .add("contexten schedule (GitHub, 100 in flight)", async () => {
    await github.schedule("github", "core", noop);
  })
  .add("bottleneck schedule (100 in flight)", async () => {
    await bottleneckCapped.schedule(noop);
  })
  .add("p-queue add (100 in flight)", async () => {
    await queueCapped.add(noop);
  });

await bench.run();

const rows: BenchmarkRow[] = bench.tasks.map((task) => {
  const result = task.result;
  if (!result || !("throughput" in result)) throw new Error(`${task.name} did not complete`);
  return {
    name: task.name,
    opsPerSecond: result.throughput.mean,
    meanNs: result.latency.mean * 1e6,
    extra: { "±": `${result.latency.rme.toFixed(1)}%` },
  };
});
const row = (name: string) => rows.find((entry) => entry.name === name)!;

printTable("Uncontended acquire (budget never binds)", rows.slice(0, 4));
printRatio(row("contexten acquire"), row("bottleneck schedule"));
printRatio(row("contexten acquire"), row("p-queue add"));
printRatio(row("contexten acquire (GitHub rules)"), row("bottleneck schedule"));
printTable("With a concurrency cap of 100", rows.slice(4));
printRatio(
  row("contexten schedule (GitHub, 100 in flight)"),
  row("bottleneck schedule (100 in flight)"),
);
printRatio(row("contexten schedule (GitHub, 100 in flight)"), row("p-queue add (100 in flight)"));
await bottleneck.disconnect();
await bottleneckCapped.disconnect();
