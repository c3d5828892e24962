/**
 * One history size for bench/correlation, in its own process (so each size has its own
 * heap and garbage collector). Driven by index.ts over IPC:
 *
 * - `{ fill: n }` processes traffic until n events are stored, then answers with the heap
 *   used per stored event; with `control: m` it first fills a second, small engine with m
 *   events, measured later in the same heap;
 * - `{ batch: n, target }` builds the next n events of the main or the control engine's
 *   traffic, then times only their processing, and answers with the wall time per event
 *   and the GC pause time during the batch.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { type CorrelatedEvent, CorrelationEngine, MemoryEventStore } from "@contexten/core";
import { TRAFFIC_START, traffic } from "./traffic";

/** A request from index.ts. */
export type WorkerRequest =
  | { fill: number; control?: number }
  | { batch: number; target: "main" | "control" }
  | { exit: true };

/** An answer to index.ts. */
export type WorkerReply =
  | { filled: number; heapPerEvent: number; fillSeconds: number; links: number }
  | { nsPerEvent: number; gcMs: number };

/** An engine on its own store, fed by its own endless traffic. */
function createLoad() {
  const store = new MemoryEventStore();
  const events = traffic();
  let latest = new Date(TRAFFIC_START);
  const engine = new CorrelationEngine({ store, clock: () => latest });
  const load = {
    store,
    links: 0,
    /** The next events of the traffic, built ahead so building them is never timed. */
    take(count: number): CorrelatedEvent[] {
      return Array.from({ length: count }, () => events.next().value as CorrelatedEvent);
    },
    async process(event: CorrelatedEvent): Promise<void> {
      if (event.occurredAt > latest) latest = event.occurredAt;
      load.links += (await engine.processEvent(event)).newLinks.length;
    },
    async processNext(): Promise<void> {
      await load.process(load.take(1)[0]!);
    },
  };
  return load;
}

function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

// GC entries reach the observer asynchronously; a short timer lets them arrive.
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let gcMs = 0;
// Kept in a variable: an unreferenced observer could be collected and stop reporting.
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ["gc"] });

const main = createLoad();
let control: ReturnType<typeof createLoad> | undefined;

async function handle(request: WorkerRequest): Promise<WorkerReply | undefined> {
  if ("exit" in request) process.exit(0);
  if ("fill" in request) {
    if (request.control) {
      control = createLoad();
      while (control.store.size < request.control) await control.processNext();
    }
    const baseline = heapUsed();
    const started = performance.now();
    while (main.store.size < request.fill) await main.processNext();
    const fillSeconds = (performance.now() - started) / 1000;
    const heapPerEvent = (heapUsed() - baseline) / main.store.size;
    return { filled: main.store.size, heapPerEvent, fillSeconds, links: main.links };
  }
  const load = request.target === "control" ? control : main;
  if (!load) throw new Error("no control engine: fill with { control } first");
  await settle(); // let the observer report earlier collections (the forced ones above)
  const gcBefore = gcMs;
  const batch = load.take(request.batch);
  const started = performance.now();
  for (const event of batch) await load.process(event);
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
