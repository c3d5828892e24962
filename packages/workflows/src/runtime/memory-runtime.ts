import {
  type Clock,
  type ClockTimer,
  ConfigurationError,
  systemClock,
  type WorkflowRuntime,
  type WorkflowTask,
  type WorkflowTaskHandler,
} from "@contexten/core";

/** Options of {@link createMemoryRuntime}. */
export interface MemoryRuntimeOptions {
  /** Time for `runAt` and redelivery delays (default the system clock; tests pass a fake). */
  clock?: Clock | undefined;
  /** Tasks delivered at once (default 16). */
  concurrency?: number | undefined;
  /** Deliveries of a task whose handler keeps throwing before it is dropped (default 10). */
  maxDeliveries?: number | undefined;
  /** Told about a handler failure (default: logged with `console.error`). */
  onError?: ((error: unknown, task: WorkflowTask) => void) | undefined;
}

interface Pending {
  task: WorkflowTask;
  delivery: number;
}

/**
 * A {@link WorkflowRuntime} in memory: the reference for tests and single-process use.
 * Keys are remembered for the life of the runtime (scheduling a key twice does nothing),
 * delayed tasks wait on the clock, a handler that throws is delivered again after a
 * backoff (1 s, 2 s, 4 s … at most 60 s). Nothing survives the process: use the pg-boss
 * runtime for runs that must outlive a restart.
 */
export class MemoryWorkflowRuntime implements WorkflowRuntime {
  readonly name = "memory";
  readonly clock: Clock;
  readonly #concurrency: number;
  readonly #maxDeliveries: number;
  readonly #onError: (error: unknown, task: WorkflowTask) => void;
  readonly #known = new Set<string>();
  readonly #ready: Pending[] = [];
  readonly #timers = new Map<string, ClockTimer>();
  readonly #running = new Map<Promise<void>, AbortController>();
  #handler: WorkflowTaskHandler | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(options: MemoryRuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#concurrency = options.concurrency ?? 16;
    this.#maxDeliveries = options.maxDeliveries ?? 10;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new ConfigurationError({
        message: `createMemoryRuntime: concurrency must be a positive integer, got ${String(options.concurrency)}.`,
      });
    }
    this.#onError =
      options.onError ??
      ((error, task) => console.error(`[contexten] workflow task ${task.key} failed:`, error));
  }

  /** Tasks waiting for a free slot, plus those running. */
  get pending(): number {
    return this.#ready.length + this.#running.size;
  }

  async schedule(tasks: readonly WorkflowTask[]): Promise<void> {
    for (const task of tasks) {
      if (this.#known.has(task.key)) continue;
      this.#known.add(task.key);
      this.#enqueue({ task: structuredClone(task), delivery: 1 }, task.runAt);
    }
  }

  async cancel(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const timer = this.#timers.get(key);
      if (timer !== undefined) this.clock.clearTimeout(timer);
      this.#timers.delete(key);
      const index = this.#ready.findIndex((pending) => pending.task.key === key);
      if (index !== -1) this.#ready.splice(index, 1);
    }
  }

  async start(handler: WorkflowTaskHandler): Promise<void> {
    this.#handler = handler;
    this.#pump();
  }

  async stop(): Promise<void> {
    this.#handler = undefined;
    for (const controller of this.#running.values()) controller.abort(new Error("runtime stopped"));
    await Promise.allSettled([...this.#running.keys()]);
  }

  /**
   * Resolves when no task is ready or running (delayed tasks do not count): in tests, await
   * it after an action, then look at the store.
   */
  idle(): Promise<void> {
    if (this.#ready.length === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #enqueue(pending: Pending, runAt = 0): void {
    const delay = runAt - this.clock.now();
    if (delay <= 0) {
      this.#ready.push(pending);
      queueMicrotask(() => this.#pump());
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(pending.task.key);
      this.#ready.push(pending);
      this.#pump();
    }, delay);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    this.#timers.set(pending.task.key, timer);
  }

  #pump(): void {
    const handler = this.#handler;
    while (handler && this.#running.size < this.#concurrency && this.#ready.length > 0) {
      const pending = this.#ready.shift()!;
      const controller = new AbortController();
      const run: Promise<void> = Promise.resolve()
        .then(() => handler({ ...pending, signal: controller.signal }))
        .catch((error: unknown) => this.#redeliver(pending, error))
        .finally(() => {
          this.#running.delete(run);
          this.#pump();
        });
      this.#running.set(run, controller);
    }
    if (this.#ready.length === 0 && this.#running.size === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #redeliver(pending: Pending, error: unknown): void {
    this.#onError(error, pending.task);
    if (!this.#handler || pending.delivery >= this.#maxDeliveries) return;
    const backoff = Math.min(60_000, 1000 * 2 ** (pending.delivery - 1));
    this.#enqueue(
      { task: pending.task, delivery: pending.delivery + 1 },
      this.clock.now() + backoff,
    );
  }
}

/** Creates a {@link MemoryWorkflowRuntime}. */
export function createMemoryRuntime(options?: MemoryRuntimeOptions): MemoryWorkflowRuntime {
  return new MemoryWorkflowRuntime(options);
}
