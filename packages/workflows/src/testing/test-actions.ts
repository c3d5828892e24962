import type { AnyWorkflowAction } from "@contexten/core";
import { defineWorkflowAction } from "@contexten/core";
import { z } from "zod";

/** One thing a test action did. */
export interface TestActionEntry {
  /** `start` when an attempt began, `end` when it returned. */
  phase: "start" | "end";
  /** Action name. */
  action: string;
  /** Run. */
  runId: string;
  /** Step. */
  stepId: string;
  /** Attempt. */
  attempt: number;
  /** The idempotency key it received. */
  idempotencyKey: string;
}

/** Actions whose behaviour a test controls, and what they did. */
export interface TestActions {
  /** Register these with the engine. */
  actions: AnyWorkflowAction[];
  /** Every start and end, in order. */
  log: TestActionEntry[];
  /** Opens a gate `test.gate` steps wait on. */
  open(gate: string): void;
  /** Attempts of `test.hang` aborted so far (their signal fired). */
  aborted: string[];
}

/**
 * Actions for engine and runtime tests:
 *
 * - `test.record`: returns its input plus `attempt`;
 * - `test.flaky`: throws for the first `failures` attempts (`retryable` decides whether the
 *   error may be retried), then returns `{ attempt }`;
 * - `test.hang`: never resolves; rejects when its signal aborts (timeouts, cancel);
 * - `test.barrier`: resolves once `parties` steps have reached the barrier `name` (proves
 *   parallel branches run at the same time);
 * - `test.gate`: resolves when the test calls `open(name)`;
 * - `test.approval`: waits for `test.approval.approved` / `.rejected` carrying
 *   `test:approval:<runId>`; a rejection fails the step.
 */
export function createTestActions(): TestActions {
  const log: TestActionEntry[] = [];
  const aborted: string[] = [];
  const barriers = new Map<string, { arrived: number; release: Array<() => void> }>();
  const gates = new Map<string, { open: boolean; waiters: Array<() => void> }>();
  const gate = (name: string) => {
    const entry = gates.get(name) ?? { open: false, waiters: [] };
    gates.set(name, entry);
    return entry;
  };
  const traced =
    <Input, Output>(
      name: string,
      run: (
        input: Input,
        context: Parameters<AnyWorkflowAction["run"]>[1],
      ) => Promise<Output> | Output,
    ) =>
    async (input: Input, context: Parameters<AnyWorkflowAction["run"]>[1]) => {
      const entry = {
        action: name,
        runId: context.runId,
        stepId: context.stepId,
        attempt: context.attempt,
        idempotencyKey: context.idempotencyKey,
      };
      log.push({ phase: "start", ...entry });
      const output = await run(input, context);
      log.push({ phase: "end", ...entry });
      return output;
    };
  const actions: AnyWorkflowAction[] = [
    defineWorkflowAction({
      name: "test.record",
      input: z.record(z.string(), z.unknown()),
      run: traced("test.record", (input: Record<string, unknown>, context) => ({
        ...input,
        attempt: context.attempt,
      })),
    }),
    defineWorkflowAction({
      name: "test.flaky",
      input: z.object({
        failures: z.number().int().min(0),
        retryable: z.boolean().default(true),
        message: z.string().default("the platform is unavailable"),
      }),
      run: traced(
        "test.flaky",
        (input: { failures: number; retryable: boolean; message: string }, context) => {
          if (context.attempt <= input.failures) {
            throw Object.assign(new Error(`${input.message} (attempt ${context.attempt})`), {
              retryable: input.retryable,
            });
          }
          return { attempt: context.attempt };
        },
      ),
    }),
    defineWorkflowAction({
      name: "test.hang",
      input: z.object({}),
      run: traced(
        "test.hang",
        (_input: unknown, context) =>
          new Promise<never>((_, reject) => {
            context.signal.addEventListener("abort", () => {
              aborted.push(`${context.stepId}#${context.attempt}`);
              reject(context.signal.reason);
            });
          }),
      ),
    }),
    defineWorkflowAction({
      name: "test.barrier",
      input: z.object({ name: z.string(), parties: z.number().int().min(1) }),
      run: traced("test.barrier", (input: { name: string; parties: number }) => {
        const current = barriers.get(input.name) ?? { arrived: 0, release: [] };
        barriers.set(input.name, current);
        current.arrived += 1;
        return new Promise<{ arrived: number }>((resolve) => {
          current.release.push(() => resolve({ arrived: current.arrived }));
          if (current.arrived >= input.parties) for (const release of current.release) release();
        });
      }),
    }),
    defineWorkflowAction({
      name: "test.gate",
      input: z.object({ name: z.string() }),
      run: traced("test.gate", (input: { name: string }) => {
        const entry = gate(input.name);
        if (entry.open) return { opened: input.name };
        return new Promise<{ opened: string }>((resolve) => {
          entry.waiters.push(() => resolve({ opened: input.name }));
        });
      }),
    }),
    defineWorkflowAction({
      name: "test.approval",
      input: z.object({ timeoutSeconds: z.number().positive().optional() }),
      run: (input, context) =>
        context.waitForEvent({
          pattern: { type: ["test.approval.approved", "test.approval.rejected"] },
          key: `test:approval:${context.runId}`,
          ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
        }),
      resume: (outcome) => {
        const user = String(outcome.event?.payload.user ?? "someone");
        if (outcome.event?.type === "test.approval.rejected") {
          throw Object.assign(new Error(`Rejected by ${user}`), { retryable: false });
        }
        return { decision: "approved", user };
      },
    }),
  ];
  return {
    actions,
    log,
    aborted,
    open(name) {
      const entry = gate(name);
      entry.open = true;
      for (const resolve of entry.waiters.splice(0)) resolve();
    },
  };
}
