import { afterEach, beforeEach, describe } from "vitest";
import type { RateLimitBackend } from "../rate-limit/rate-limit-backend";
import { describeRateLimitBackend } from "./conformance/rate-limit-backend-tests";

/** Options for {@link runRateLimitBackendConformance}. */
export interface RateLimitBackendConformanceOptions {
  /** Shown in the test names, e.g. `MemoryRateLimitBackend`. */
  name: string;
  /** Returns the backend for one test; called before every test. */
  createBackend: () => RateLimitBackend | Promise<RateLimitBackend>;
  /**
   * Returns a second backend that shares `backend`'s state, as another instance of the
   * service would (a shared backend: another Redis connection, same key prefix). When
   * given, the suite also checks that grants, refunds and pauses are seen by both.
   */
  createPeer?:
    | ((backend: RateLimitBackend) => RateLimitBackend | Promise<RateLimitBackend>)
    | undefined;
  /** Called after every test with its backends (close connections, delete keys, …). */
  cleanup?: ((backends: RateLimitBackend[]) => void | Promise<void>) | undefined;
}

let suiteRun = 0;

/**
 * Registers the `RateLimitBackend` contract tests with vitest. Every backend must answer
 * exactly as core's `MemoryRateLimitBackend` does: the burst granted at once and the rest
 * paced along the window, all-or-nothing charges naming the binding bucket, dry runs,
 * refunds (same window only; negative ones take more), window resets, oversized charges,
 * platform reports (adopted window and count, never raising the budget, lower limits),
 * `Retry-After` pauses, continuous buckets, and exactly the budget for concurrent callers.
 * Times are fixed; nothing waits for real time. Bucket keys are unique per test.
 *
 * ```ts
 * import { runRateLimitBackendConformance } from "@contexten/core/testing/conformance";
 * runRateLimitBackendConformance({ name: "MemoryRateLimitBackend", createBackend: () => new MemoryRateLimitBackend() });
 * ```
 */
export function runRateLimitBackendConformance(options: RateLimitBackendConformanceOptions): void {
  describe(`RateLimitBackend conformance: ${options.name}`, () => {
    let backends: RateLimitBackend[] = [];
    let prefix = "";
    beforeEach(async () => {
      suiteRun += 1;
      prefix = `conformance-${suiteRun}`;
      backends = [await options.createBackend()];
      if (options.createPeer) backends.push(await options.createPeer(backends[0]!));
    });
    afterEach(async () => {
      await options.cleanup?.(backends);
      backends = [];
    });
    const current = (): RateLimitBackend => {
      const backend = backends[0];
      if (!backend) throw new Error("createBackend() did not return a backend");
      return backend;
    };
    describeRateLimitBackend(
      current,
      () => prefix,
      options.createPeer ? () => backends[1]! : undefined,
    );
  });
}
