/**
 * One history size for bench/correlation, in its own process (so each size has its own
 * heap and garbage collector). Driven by index.ts over IPC:
 *
 * - `{ fill: n }` processes traffic until n events are stored, then answers with the heap
 *   used per stored event;
 * - `{ batch: n }` processes the next n events and answers with the wall time per event
 *   and the garbage-collection pause time during the batch.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { type CorrelatedEvent, CorrelationEngine, MemoryEventStore } from "@contexten/core";
import { TRAFFIC_START, traffic } from "./traffic";

/** A request from index.ts. */
export type WorkerRequest = { fill: number } | { batch: number } | { exit: true };

/** An answer to index.ts. */
export type WorkerReply =
  | { filled: number; heapPerEvent: number; fillSeconds: number; links: number }
  | { nsPerEvent: number; gcMs: number };

function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

const baseline = heapUsed();
const store = new MemoryEventStore();
const events = traffic();
let latest = new Date(TRAFFIC_START);
const engine = new CorrelationEngine({ store, clock: () => latest });
let links = 0;
let gcMs = 0;
// Kept in a variable: an unreferenced observer could be collected and stop reporting.
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ["gc"] });

async function processNext(): Promise<void> {
  const event = events.next().value as CorrelatedEvent;
  if (event.occurredAt > latest) latest = event.occurredAt;
  links += (await engine.processEvent(event)).newLinks.length;
}

async function handle(request: WorkerRequest): Promise<WorkerReply | undefined> {
  if ("exit" in request) process.exit(0);
  if ("fill" in request) {
    const started = performance.now();
    while (store.size < request.fill) await processNext();
    const fillSeconds = (performance.now() - started) / 1000;
    const heapPerEvent = (heapUsed() - baseline) / store.size;
    return { filled: store.size, heapPerEvent, fillSeconds, links };
  }
  await settle(); // let the observer report earlier collections (the forced ones above)
  const gcBefore = gcMs;
  const started = performance.now();
  for (let index = 0; index < request.batch; index += 1) await processNext();
  const elapsed = performance.now() - started;
  await settle();
  return { nsPerEvent: (elapsed * 1e6) / request.batch, gcMs: gcMs - gcBefore };
}

process.on("message", (request: WorkerRequest) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
