/**
 * bench/instrumentation: the cost of metrics and tracing on the ingest path. The same
 * GitHub deliveries go through `createWebhookHandler` (verify, parse, normalize, dedupe,
 * store in a MemoryEventStore, ack) and its after-ack work (`CorrelationEngine.
 * processStoredEvent` with the default rules), three ways in the same run:
 *
 * - peer: no instrumentation;
 * - `@contexten/prometheus` recording every hook (webhook counts and ack latency,
 *   correlation matches) into its own registry;
 * - `@contexten/otel` with the API's no-op tracer (no SDK registered): what tracing
 *   hooks cost an application that has not turned tracing on.
 *
 * Every delivery goes through all three back to back (the order rotating from one
 * delivery to the next), so a garbage collection, a compilation or a neighbour's burst
 * lands on each contender alike, and all three see the same deliveries and the same
 * history (their pipelines are replaced together every 2,000 deliveries). Each delivery is
 * timed by this process's CPU time and by the wall clock; the overhead is the ratio of
 * the totals over all deliveries, with the median and middle half of per-round ratios
 * (rounds of 500 deliveries) printed beside it to show how much single rounds vary.
 * Goal: Prometheus costs under 5% of throughput.
 *
 * Run: npm run bench -- instrumentation
 */
import {
  CorrelationEngine,
  createWebhookHandler,
  type Instrumentation,
  MemoryEventStore,
} from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { createOpenTelemetryInstrumentation } from "@contexten/otel";
import { createPrometheusInstrumentation } from "@contexten/prometheus";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";
import { DeliveryMix } from "../webhooks/deliveries";
import { deliveryRequest, median } from "../webhooks/in-process";
import { recordHookCalls, replayHookCalls } from "./hook-cost";

const SECRET = "bench-webhook-secret";
const ROUNDS = Number(process.env.BENCH_INSTRUMENTATION_ROUNDS ?? 40);
/** Deliveries per round (a block of deliveries every contender takes, interleaved). */
const ROUND_DELIVERIES = Number(process.env.BENCH_INSTRUMENTATION_DELIVERIES ?? 500);
/** Each contender's pipeline is replaced by a fresh one this often, all at once. */
const PIPELINE_DELIVERIES = Number(process.env.BENCH_INSTRUMENTATION_HISTORY ?? 2_000);
const CORRELATION_NOW = new Date("2019-06-01T00:00:00Z");

function pipeline(name: string, instrumentation: Instrumentation | undefined) {
  const store = new MemoryEventStore();
  const engine = new CorrelationEngine({
    store,
    clock: () => CORRELATION_NOW,
    ...(instrumentation ? { instrumentation } : {}),
  });
  const handler = createWebhookHandler({
    sources: githubWebhooks({ secret: SECRET }),
    store,
    onEvent: (event) => engine.processStoredEvent(event),
    ...(instrumentation ? { instrumentation } : {}),
  });
  return {
    // The ack, then the after-ack work (correlation) before the next delivery.
    async run(request: Request) {
      const response = await handler(request);
      if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
      await handler.drain();
    },
    close: () => handler.close(),
  };
}

interface Contender {
  name: string;
  instrumentation: Instrumentation | undefined;
}

/** What one contender spent on one block of deliveries. */
interface BlockTime {
  cpuMs: number;
  wallMs: number;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const mix = new DeliveryMix(SECRET);
const prometheus = createPrometheusInstrumentation();
const contenders: Contender[] = [
  { name: "ingest + @contexten/prometheus", instrumentation: prometheus },
  {
    name: "ingest + @contexten/otel (no SDK registered)",
    instrumentation: createOpenTelemetryInstrumentation(),
  },
  { name: "ingest without instrumentation", instrumentation: undefined },
];
let pipelines = contenders.map((contender) => pipeline(contender.name, contender.instrumentation));

/**
 * Runs `count` deliveries from `first` through every contender, delivery by delivery: each
 * delivery goes to all contenders back to back, the order rotating, so a collection, a
 * compilation or a neighbour's burst lands on all of them alike. Every contender sees the
 * same deliveries and the same history (pipelines are replaced together).
 */
async function block(first: number, count: number): Promise<BlockTime[]> {
  const spent = contenders.map(() => ({ cpuMs: 0, wallMs: 0 }));
  const deliveries = mix.batch(first, count);
  for (const [offset, delivery] of deliveries.entries()) {
    const number = first + offset;
    if (number % PIPELINE_DELIVERIES === 0) {
      await Promise.all(pipelines.map((current) => current.close()));
      pipelines = contenders.map((contender) =>
        pipeline(contender.name, contender.instrumentation),
      );
    }
    const requests = pipelines.map(() => deliveryRequest(delivery, `delivery-${number}`));
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const index = (number + turn) % contenders.length;
      const cpuStarted = cpuMs();
      const wallStarted = performance.now();
      await pipelines[index]!.run(requests[index]!);
      spent[index]!.wallMs += performance.now() - wallStarted;
      spent[index]!.cpuMs += cpuMs() - cpuStarted;
    }
  }
  return spent;
}

await block(0, 1_000); // warm-up
const times = contenders.map(() => [] as BlockTime[]);
for (let index = 0; index < ROUNDS; index += 1) {
  const spent = await block(1_000 + index * ROUND_DELIVERIES, ROUND_DELIVERIES);
  for (const [which, time] of spent.entries()) times[which]!.push(time);
}
const quartiles = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[Math.floor(sorted.length / 4)]!, sorted[Math.floor((3 * sorted.length) / 4)]!];
};
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
let peer: BenchmarkRow | undefined;
for (const clock of ["cpu", "wall"] as const) {
  const rates = times.map((rounds) =>
    rounds.map((time) => ROUND_DELIVERIES / ((clock === "cpu" ? time.cpuMs : time.wallMs) / 1000)),
  );
  const totalMs = (which: number) =>
    times[which]!.reduce((sum, time) => sum + (clock === "cpu" ? time.cpuMs : time.wallMs), 0);
  const rows: BenchmarkRow[] = contenders.map((contender, index) => {
    const values = rates[index]!;
    const opsPerSecond = (ROUNDS * ROUND_DELIVERIES) / (totalMs(index) / 1000);
    return {
      name: contender.name,
      opsPerSecond,
      meanNs: 1e9 / opsPerSecond,
      extra: {
        deliveries: String(values.length * ROUND_DELIVERIES),
        rounds: `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}/s`,
      },
    };
  });
  const unit = clock === "cpu" ? "deliveries per CPU second" : "deliveries per second";
  printTable(
    `GitHub webhook ingest (ack + correlation), timed by ${clock === "cpu" ? "this process's CPU time" : "the wall clock"}: ${unit} over all deliveries`,
    rows,
  );
  const uninstrumented = rows.at(-1)!;
  peer ??= uninstrumented;
  const peerRates = rates.at(-1)!;
  for (const [index, row] of rows.slice(0, -1).entries()) {
    printRatio(row, uninstrumented);
    const perRound = rates[index]!.map((value, at) => peerRates[at]! / value - 1);
    const [low, high] = quartiles(perRound);
    console.log(
      `overhead of ${row.name} (${clock} time): ${percent(totalMs(index) / totalMs(rates.length - 1) - 1)} over all ${ROUNDS * ROUND_DELIVERIES} deliveries; per round of ${ROUND_DELIVERIES}: median ${percent(median(perRound))}, middle half ${percent(low!)} to ${percent(high!)} (goal < 5%)`,
    );
  }
}

// The hooks alone: record every call the ingest path makes for 1,000 deliveries, then
// replay those calls into each instrumentation in a tight loop.
const calls: Parameters<typeof recordHookCalls>[0] = [];
const recorder = pipeline("recording", recordHookCalls(calls));
const deliveries = 1_000;
for (const [offset, delivery] of mix.batch(1_000_000, deliveries).entries()) {
  await recorder.run(deliveryRequest(delivery, `recorded-${offset}`));
}
await recorder.close();
for (const [name, instrumentation] of [
  ["@contexten/prometheus", createPrometheusInstrumentation()],
  ["@contexten/otel (no SDK registered)", createOpenTelemetryInstrumentation()],
] as const) {
  await replayHookCalls(instrumentation, calls, deliveries, 2); // warm-up
  const micros = await replayHookCalls(instrumentation, calls, deliveries, 10);
  console.log(
    `hooks alone, ${name}: ${micros.toFixed(2)} µs per delivery = ${((micros / (peer!.meanNs / 1000)) * 100).toFixed(2)}% of an uninstrumented delivery (${(peer!.meanNs / 1000).toFixed(0)} µs of CPU); ${(calls.length / deliveries).toFixed(1)} hook calls per delivery (recorded over ${deliveries} deliveries)`,
  );
}
const webhookSeries = (await prometheus.registry.getMetricsAsJSON()).find(
  (metric) => metric.name === "webhook_events_total",
);
console.log(`webhook_events_total series recorded: ${webhookSeries?.values.length ?? 0}`);
