/**
 * Runs tasks one at a time in call order. A single connection (a `pg.Client`) can hold
 * only one transaction, and a plain query sent while a transaction is open would run
 * inside it; this lock keeps them apart.
 */
export class SerialLock {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    // The chain must continue whether this task fails or not.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
