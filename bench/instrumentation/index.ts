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
 * Rounds are interleaved (the order rotating each round) so a noisy neighbour slows every
 * contender alike; each reports its median, and the overhead is the median of the
 * per-round ratios against the peer measured in the same round. Rounds are timed twice
 * over: by this process's CPU time (deliveries per CPU second, which other processes on
 * a busy machine barely change) and by the wall clock. Goal: Prometheus costs under 5% of
 * throughput.
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
import { type Contender, deliveryRequest, measure, median } from "../webhooks/in-process";
import { recordHookCalls, replayHookCalls } from "./hook-cost";

const SECRET = "bench-webhook-secret";
const ROUNDS = Number(process.env.BENCH_INSTRUMENTATION_ROUNDS ?? 40);
/** Short rounds: load from other processes changes slower than the contenders alternate. */
const ROUND_MS = Number(process.env.BENCH_INSTRUMENTATION_ROUND_MS ?? 150);
/** The examples date from 2019: correlate as of then, inside the retention window. */
const CORRELATION_NOW = new Date("2019-06-01T00:00:00Z");

/**
 * Deliveries each pipeline takes before it is replaced by a fresh one (new store, engine
 * and handler): a history that grows through the whole run makes later rounds pay for
 * ever larger heaps and their full garbage collections, which swung one contender's
 * rounds twentyfold and hid a few percent of difference.
 */
const PIPELINE_DELIVERIES = Number(process.env.BENCH_INSTRUMENTATION_HISTORY ?? 2_000);

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

function ingest(name: string, instrumentation: Instrumentation | undefined): Contender<Request> {
  let current = pipeline(name, instrumentation);
  let taken = 0;
  return {
    name,
    prepare: deliveryRequest,
    async run(request) {
      if (taken === PIPELINE_DELIVERIES) {
        await current.close();
        current = pipeline(name, instrumentation);
        taken = 0;
      }
      taken += 1;
      await current.run(request);
    },
  };
}

const mix = new DeliveryMix(SECRET);
const prometheus = createPrometheusInstrumentation();
const contenders: Contender<Request>[] = [
  ingest("ingest + @contexten/prometheus", prometheus),
  ingest("ingest + @contexten/otel (no SDK registered)", createOpenTelemetryInstrumentation()),
  ingest("ingest without instrumentation", undefined),
];
const states = contenders.map(() => ({ next: 0 }));
for (const [index, contender] of contenders.entries()) {
  await measure(contender, mix, states[index]!, 500); // warm-up
}
let peer: BenchmarkRow | undefined;
for (const clock of ["cpu", "wall"] as const) {
  const samples = contenders.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const index = (round + turn) % contenders.length;
      samples[index]!.push(await measure(contenders[index]!, mix, states[index]!, ROUND_MS, clock));
    }
  }
  const rows: BenchmarkRow[] = contenders.map((contender, index) => {
    const values = samples[index]!;
    const opsPerSecond = median(values);
    return {
      name: contender.name,
      opsPerSecond,
      meanNs: 1e9 / opsPerSecond,
      extra: {
        deliveries: String(states[index]!.next),
        rounds: `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}/s`,
      },
    };
  });
  const unit = clock === "cpu" ? "deliveries per CPU second" : "deliveries per second";
  printTable(
    `GitHub webhook ingest (ack + correlation), timed by ${clock === "cpu" ? "this process's CPU time" : "the wall clock"}: ${unit}, median of interleaved rounds`,
    rows,
  );
  const uninstrumented = rows.at(-1)!;
  peer ??= uninstrumented;
  const peerSamples = samples.at(-1)!;
  for (const [index, row] of rows.slice(0, -1).entries()) {
    printRatio(row, uninstrumented);
    const perRound = samples[index]!.map((value, round) => peerSamples[round]! / value - 1);
    console.log(
      `overhead of ${row.name} (${clock} time): ${(median(perRound) * 100).toFixed(1)}% (median of ${ROUNDS} per-round ratios; goal < 5%)`,
    );
  }
}

// The hooks alone: record every call the ingest path makes for 1,000 deliveries, then
// replay those calls into each instrumentation in a tight loop.
const calls: Parameters<typeof recordHookCalls>[0] = [];
const recorder = ingest("recording", recordHookCalls(calls));
const recording = { next: 1_000_000 };
// `measure` takes batches of 50 until its time is up: 1 ms means one batch each call.
while (recording.next < 1_001_000) await measure(recorder, mix, recording, 1);
const deliveries = recording.next - 1_000_000;
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
