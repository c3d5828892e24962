import { PgBoss } from "pg-boss";
import { percentiles } from "../storage/measure";
import { inParallel, type RunMeasurement, timeout } from "./measure-runs";

/**
 * The peer: pg-boss alone, `count` empty jobs sent (at most `concurrency` at a time) to a
 * queue whose worker fetches with the same batch size and concurrency as the workflow
 * runtime and does nothing. Measures jobs/s and send-resolved → handler-started.
 */
export async function measureRawPgBoss(options: {
  connectionString: string;
  schema: string;
  queue: string;
  count: number;
  concurrency: number;
  batchSize: number;
  workers: number;
}): Promise<RunMeasurement> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema,
    max: 10,
    useListenNotify: true,
  });
  boss.on("error", (error) => console.error(error));
  await boss.start();
  if (!(await boss.getQueue(options.queue)))
    await boss.createQueue(options.queue, { notify: true });
  const sentAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  await boss.work<{ index: number }>(
    options.queue,
    {
      batchSize: options.batchSize,
      localConcurrency: options.workers,
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 1,
      burstWhenBatchFull: true,
    },
    async (jobs) => {
      for (const job of jobs) startedAt.set(job.id, performance.now());
      done += jobs.length;
      if (done >= options.count) queueMicrotask(allDone);
    },
  );
  const started = performance.now();
  let elapsed: number;
  try {
    await inParallel(options.count, options.concurrency, async (index) => {
      const id = await boss.send(options.queue, { index });
      if (id) sentAt.set(id, performance.now());
    });
    await Promise.race([finished, timeout(180_000, "pg-boss jobs did not complete")]);
    elapsed = performance.now() - started;
  } finally {
    await boss.stop({ graceful: true, timeout: 5_000 });
  }
  const latencies = [...sentAt].map(([id, at]) => (startedAt.get(id) ?? at) - at);
  const { p50, p99 } = percentiles(latencies);
  return { perSecond: (options.count / elapsed) * 1000, p50, p99 };
}
