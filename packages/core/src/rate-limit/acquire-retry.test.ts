import { describe, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { asynchronousBackend, useFakeTimeAt } from "./__fixtures__/limiter-fixtures";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";
import type { RateLimitBackend } from "./rate-limit-backend";
import { createBudgetProfile } from "./rate-limit-profile";
import type { AcquireOptions } from "./rate-limiter";
import { UnifiedRateLimiter } from "./unified-rate-limiter";

const START = Date.UTC(2030, 0, 1);

useFakeTimeAt(START);

/** One unit every 10 s on resource `jobs`, acquisitions logged as `label@ms`. */
function jobs(backend: RateLimitBackend) {
  const waits: RateLimitWaitInfo[] = [];
  const limiter = new UnifiedRateLimiter({
    profiles: [
      createBudgetProfile("test", {
        "*": { limit: 1, windowSeconds: 10, refill: "continuous", burst: 1 },
      }),
    ],
    backend,
    instrumentation: { onRateLimitWait: (info) => waits.push(info) },
  });
  const log: string[] = [];
  const acquire = (label: string, options: AcquireOptions = {}) => {
    const pending = limiter.acquire("test", "jobs", options);
    pending.then(
      () => log.push(`${label}@${Date.now() - START}`),
      (error: Error) => log.push(`${label}!${error.name}@${Date.now() - START}`),
    );
    return pending;
  };
  return { limiter, waits, log, acquire };
}

describe.each([
  ["a synchronous", (memory: MemoryRateLimitBackend): RateLimitBackend => memory],
  ["an asynchronous", asynchronousBackend],
])("acquire with retry and notBefore (%s backend)", (_label, backendOf) => {
  it("re-enters at the front, takes nothing before notBefore, and holds the queue until then", async () => {
    const { limiter, log, acquire } = jobs(backendOf(new MemoryRateLimitBackend()));
    await acquire("refused");
    void acquire("queued-1");
    void acquire("queued-2");
    await vi.advanceTimersByTimeAsync(0);
    void acquire("retry", { retry: true, notBefore: START + 20_000 });
    // At 10 s "queued-1" would fit, but the retry is first in line and not due yet.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(log).toEqual(["refused@0"]);
    expect((await limiter.getRemaining("test", "jobs")).remaining).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log).toEqual(["refused@0", "retry@20000"]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(log).toEqual(["refused@0", "retry@20000", "queued-1@30000", "queued-2@40000"]);
  });

  it("serves retries in the order they re-enter, then waits for budget after notBefore", async () => {
    const { log, waits, acquire } = jobs(backendOf(new MemoryRateLimitBackend()));
    await acquire("refused");
    void acquire("queued");
    await vi.advanceTimersByTimeAsync(0);
    void acquire("retry-1", { retry: true, notBefore: START + 5_000 });
    void acquire("retry-2", { retry: true, notBefore: START + 5_000 });
    await vi.advanceTimersByTimeAsync(40_000);
    // Budget comes back at 10 s: the time until notBefore is not a wait for budget.
    expect(log).toEqual(["refused@0", "retry-1@10000", "retry-2@20000", "queued@30000"]);
    expect(waits.map((wait) => [wait.waitMs, wait.reason])).toEqual([
      [5_000, "budget"],
      [15_000, "budget"],
      [30_000, "budget"],
    ]);
  });

  it("frees the place of an aborted retry for the next in line", async () => {
    const { log, acquire } = jobs(backendOf(new MemoryRateLimitBackend()));
    await acquire("refused");
    void acquire("queued");
    await vi.advanceTimersByTimeAsync(0);
    const controller = new AbortController();
    const retry = acquire("retry", {
      retry: true,
      notBefore: START + 60_000,
      signal: controller.signal,
    });
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    await expect(retry).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(log).toEqual(["refused@0", "retry!AbortError@5000", "queued@10000"]);
  });

  it("goes at once when notBefore has passed and nobody waits", async () => {
    const { log, acquire } = jobs(backendOf(new MemoryRateLimitBackend()));
    await acquire("retry", { retry: true, notBefore: START - 1 });
    const late = acquire("late", { notBefore: START + 15_000 });
    await vi.advanceTimersByTimeAsync(15_000);
    await late;
    expect(log).toEqual(["retry@0", "late@15000"]);
  });
});
