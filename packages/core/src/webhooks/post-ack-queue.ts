/**
 * Tracks work started after a webhook was acknowledged, so hosts and tests can wait
 * for it (`drain`) before shutting down or asserting.
 */
export class PostAckQueue {
  private readonly inFlight = new Set<Promise<void>>();

  /** Number of tasks still running. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Starts `task` on the next microtask, without delaying the caller. `task` must
   * handle its own errors; a rejection here is a bug and is rethrown to `onBug`.
   */
  run(task: () => Promise<void>, onBug: (error: unknown) => void): void {
    const promise: Promise<void> = Promise.resolve()
      .then(task)
      .catch(onBug)
      .finally(() => {
        this.inFlight.delete(promise);
      });
    this.inFlight.add(promise);
  }

  /** Resolves once every task started so far (and any they started) has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }
}
