import { setTimeout as sleep } from "node:timers/promises";
import type { PostgresStore } from "@contexten/storage-postgres";

/** Polls (real time) until `condition` holds. */
export async function untilTrue(
  condition: () => boolean | Promise<boolean>,
  limitMs: number,
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`not reached within ${limitMs} ms`);
    await sleep(50);
  }
}

/** Polls (real time) until every run is final, or fails with what is left. */
export async function untilAllFinal(store: PostgresStore, expected: number, limitMs: number) {
  const started = Date.now();
  for (;;) {
    const runs = await store.listWorkflows({ limit: 1000 });
    const open = runs.filter((run) => ["pending", "running", "waiting"].includes(run.status));
    if (runs.length >= expected && open.length === 0) return runs;
    if (Date.now() - started > limitMs) {
      throw new Error(`${open.length} of ${runs.length} runs still open after ${limitMs} ms`);
    }
    await sleep(250);
  }
}
