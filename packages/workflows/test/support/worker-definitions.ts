import type { AnyWorkflowAction } from "@contexten/core";
import { ApiCallError, defineWorkflowAction, type WorkflowDefinitionInput } from "@contexten/core";
import type pg from "pg";
import { z } from "zod";

/** Where the worker processes and the tests meet. */
export interface WorkerConfig {
  databaseUrl: string;
  storeSchema: string;
  jobSchema: string;
  queue: string;
  /** Base URL of the fake platform counting side effects (crash test). */
  effectsUrl?: string;
  /** Call `engine.onEvent` for every stored `test.trigger.*` event at start. */
  triggerAll?: boolean;
}

/** Tables the test actions write: their rows are the database-backed side effects. */
export async function createEffectTables(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".effects (key text PRIMARY KEY)`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS "${schema}".executions (run_id text, step_id text, attempt int, pid int)`,
  );
}

/** A four-step DAG whose steps call the fake platform or write to the database. */
export const crashDefinition: WorkflowDefinitionInput = {
  id: "crash-dag",
  name: "Crash DAG",
  triggerPatterns: [{ type: "test.trigger.crash" }],
  retryPolicy: { maxAttempts: 5, baseDelayMs: 200, jitter: "none" },
  steps: [
    { id: "a", name: "A", action: "fake.post", timeoutSeconds: 3 },
    { id: "b", name: "B", action: "db.effect", dependsOn: ["a"], timeoutSeconds: 3 },
    { id: "c", name: "C", action: "fake.post", dependsOn: ["a"], timeoutSeconds: 3 },
    { id: "d", name: "D", action: "fake.post", dependsOn: ["b", "c"], timeoutSeconds: 3 },
  ],
};

/** Three steps (one, then two in parallel) that record each execution. */
export const scaleDefinition: WorkflowDefinitionInput = {
  id: "scale",
  name: "Scale",
  triggerPatterns: [{ type: "test.trigger.scale" }],
  steps: [
    { id: "a", name: "A", action: "db.execution" },
    { id: "b", name: "B", action: "db.execution", dependsOn: ["a"] },
    { id: "c", name: "C", action: "db.execution", dependsOn: ["a"] },
  ],
};

/** The actions the definitions use. */
export function workerActions(pool: pg.Pool, config: WorkerConfig): AnyWorkflowAction[] {
  const table = (name: string) => `"${config.storeSchema}".${name}`;
  const recordExecution = (context: { runId: string; stepId: string; attempt: number }) =>
    pool.query(`INSERT INTO ${table("executions")} VALUES ($1, $2, $3, $4)`, [
      context.runId,
      context.stepId,
      context.attempt,
      process.pid,
    ]);
  return [
    defineWorkflowAction({
      name: "fake.post",
      input: z.object({}),
      async run(_input, context) {
        const url = `${config.effectsUrl}/effects`;
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": context.idempotencyKey,
          },
          body: JSON.stringify({
            runId: context.runId,
            stepId: context.stepId,
            attempt: context.attempt,
          }),
          signal: context.signal,
        });
        if (!response.ok)
          throw new ApiCallError({ platform: "fake", url, status: response.status });
        return (await response.json()) as Record<string, unknown>;
      },
    }),
    defineWorkflowAction({
      name: "db.effect",
      input: z.object({}),
      async run(_input, context) {
        await recordExecution(context);
        const { rowCount } = await pool.query(
          `INSERT INTO ${table("effects")} (key) VALUES ($1) ON CONFLICT DO NOTHING`,
          [context.idempotencyKey],
        );
        return { inserted: rowCount === 1 };
      },
    }),
    defineWorkflowAction({
      name: "db.execution",
      input: z.object({}),
      async run(_input, context) {
        await recordExecution(context);
        return { pid: process.pid };
      },
    }),
  ];
}
