import {
  createEventBus,
  defineWorkflowAction,
  type EventStore,
  type WorkflowRuntime,
  type WorkflowStore,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { createWorkflowEngine } from "@contexten/workflows";
import { z } from "zod";
import { percentiles } from "../storage/measure";

/** What one measurement found. */
export interface RunMeasurement {
  /** Runs (or jobs) per second, from the first trigger to the last completion. */
  perSecond: number;
  /** Trigger stored (or job sent) to first step (handler) started, ms. */
  p50: number;
  /** Same, 99th percentile. */
  p99: number;
}

/** Rejects after `ms` with `message` (a bound, so a broken run cannot hang the benchmark). */
export function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

/** Sends `count` triggers at most `concurrency` at a time. */
export async function inParallel(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * Triggers `count` one-step runs through `engine.onEvent` (each trigger event appended
 * first, as the webhook handler does) and waits for every run to complete.
 */
export async function measureWorkflowRuns(options: {
  store: WorkflowStore;
  events: EventStore;
  runtime: WorkflowRuntime;
  count: number;
  concurrency: number;
  label: string;
}): Promise<RunMeasurement> {
  const storedAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const runOfEvent = new Map<string, string>();
  let completed = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const bus = createEventBus();
  bus.on("workflow", (info) => {
    if (info.stepId === undefined && info.status === "completed" && ++completed >= options.count) {
      allDone();
    }
  });
  const engine = createWorkflowEngine({
    bus,
    store: options.store,
    events: options.events,
    runtime: options.runtime,
    actions: [
      defineWorkflowAction({
        name: "bench.noop",
        input: z.object({}),
        run: (_input, context) => {
          if (!startedAt.has(context.runId)) startedAt.set(context.runId, performance.now());
          return {};
        },
      }),
    ],
    definitions: [
      {
        id: "bench",
        name: "Bench",
        triggerPatterns: [{ type: "bench.trigger.fired" }],
        steps: [{ id: "only", name: "Only", action: "bench.noop" }],
      },
    ],
    logger: { info() {}, warn() {}, error: (...args) => console.error(...args) },
  });
  const started = performance.now();
  let elapsed: number;
  try {
    await engine.start();
    await inParallel(options.count, options.concurrency, async (index) => {
      const at = new Date();
      const event = correlatedEventSchema.parse({
        id: `bench-${options.label}-${index}`,
        type: "bench.trigger.fired",
        platform: "bench",
        occurredAt: at,
        receivedAt: at,
        subject: { kind: "bench", id: String(index) },
      });
      await options.events.append(event);
      storedAt.set(event.id, performance.now());
      const [triggered] = await engine.onEvent(event);
      if (triggered) runOfEvent.set(event.id, triggered.run.id);
    });
    await Promise.race([done, timeout(180_000, `${options.label}: runs did not complete`)]);
    elapsed = performance.now() - started;
  } finally {
    await engine.stop();
  }
  const latencies = [...runOfEvent].map(
    ([eventId, runId]) => startedAt.get(runId)! - storedAt.get(eventId)!,
  );
  const { p50, p99 } = percentiles(latencies);
  return { perSecond: (options.count / elapsed) * 1000, p50, p99 };
}
