import { describe, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { ConfigurationError } from "../errors/configuration-error";
import { createEventBus } from "../events/event-bus";
import { settlementLog } from "../testing/fake-platform-server/fake-time";
import { asynchronousBackend, useFakeTimeAt } from "./__fixtures__/limiter-fixtures";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";
import { createBudgetProfile } from "./rate-limit-profile";
import { UnifiedRateLimiter } from "./unified-rate-limiter";

const START = Date.UTC(2030, 0, 1);

useFakeTimeAt(START);

/** A limiter for a made-up platform with one continuous bucket. */
function testLimiter(limit: number, windowSeconds: number, burst: number, extra = {}) {
  const waits: RateLimitWaitInfo[] = [];
  const limiter = new UnifiedRateLimiter({
    profiles: [
      createBudgetProfile("test", { "*": { limit, windowSeconds, refill: "continuous", burst } }),
    ],
    instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    ...extra,
  });
  return { limiter, waits };
}

describe("UnifiedRateLimiter", () => {
  it("serves waiters for a resource first in, first out, even when a later one would fit sooner", async () => {
    const { limiter } = testLimiter(10, 10, 10);
    const settled = settlementLog(START);
    const log = settled.entries;
    await limiter.acquire("test", "jobs", { cost: 10 });
    settled.track("big", limiter.acquire("test", "jobs", { cost: 5 }));
    settled.track("small", limiter.acquire("test", "jobs", { cost: 1 }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]); // "small" fits after 1 s but does not overtake "big"
    await vi.advanceTimersByTimeAsync(4_000);
    expect(log).toEqual(["big@5000"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(["big@5000", "small@6000"]);
  });

  it("rejects an aborted waiting acquire at once and gives its place to the next", async () => {
    const { limiter } = testLimiter(1, 10, 1);
    const settled = settlementLog(START);
    const log = settled.entries;
    await limiter.acquire("test", "jobs");
    const controller = new AbortController();
    const second = settled.track(
      "second",
      limiter.acquire("test", "jobs", { signal: controller.signal }),
    );
    settled.track("third", limiter.acquire("test", "jobs"));
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
    expect(log).toEqual(["second!AbortError@0"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(["second!AbortError@0", "third@10000"]);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const { limiter } = testLimiter(1, 10, 1);
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    await expect(limiter.acquire("test", "jobs", { signal: controller.signal })).rejects.toThrow(
      "shutting down",
    );
  });

  it("waits instead of failing, and reports the wait to instrumentation and the event bus", async () => {
    const eventBus = createEventBus();
    const events: RateLimitWaitInfo[] = [];
    eventBus.on("rate-limit", (info) => events.push(info));
    const { limiter, waits } = testLimiter(2, 60, 1, { eventBus });
    await limiter.acquire("test", "jobs");
    const pending = limiter.acquire("test", "jobs");
    await vi.advanceTimersByTimeAsync(30_000);
    const grant = await pending;
    expect(grant.waitedMs).toBe(30_000);
    expect(waits).toEqual([
      { platform: "test", resource: "jobs", waitMs: 30_000, reason: "budget" },
    ]);
    expect(events).toEqual(waits);
  });

  it("refunds a grant once, however often it is asked", async () => {
    const { limiter } = testLimiter(10, 10, 10);
    const grant = await limiter.acquire("test", "jobs", { cost: 4 });
    await grant.refund();
    await grant.refund();
    expect((await limiter.getRemaining("test", "jobs")).remaining).toBe(10);
  });

  it("waits for a reset without taking budget", async () => {
    const { limiter } = testLimiter(1, 10, 1);
    await limiter.acquire("test", "jobs");
    const settled = settlementLog(START);
    const log = settled.entries;
    settled.track("reset", limiter.waitForReset("test", "jobs"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(["reset@10000"]);
    expect((await limiter.getRemaining("test", "jobs")).remaining).toBe(1);
  });

  it("caps requests in flight with schedule and refunds budget for a task that never started", async () => {
    const limiter = new UnifiedRateLimiter({
      profiles: [],
      config: {
        budgets: { test: { "*": { limit: 100, windowSeconds: 60, burst: 10, maxConcurrent: 2 } } },
      },
    });
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
      });
    const done = [1, 2, 3, 4].map(() => limiter.schedule("test", "jobs", task));
    const controller = new AbortController();
    const cancelled = limiter.schedule("test", "jobs", task, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    expect(running).toBe(2);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
    while (releases.length > 0) {
      releases.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    }
    await Promise.all(done);
    expect(most).toBe(2);
    // Four tasks ran; the cancelled one gave its unit back.
    expect((await limiter.getRemaining("test", "jobs")).remaining).toBe(96);
  });

  it("works the same with an asynchronous backend", async () => {
    const asyncBackend = asynchronousBackend(new MemoryRateLimitBackend());
    const { limiter } = testLimiter(1, 10, 1, { backend: asyncBackend });
    const settled = settlementLog(START);
    const log = settled.entries;
    settled.track("first", limiter.acquire("test", "jobs"));
    const controller = new AbortController();
    const second = settled.track(
      "second",
      limiter.acquire("test", "jobs", { signal: controller.signal }),
    );
    settled.track("third", limiter.acquire("test", "jobs"));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(["first@0", "second!AbortError@0", "third@10000"]);
  });

  it("explains what to configure for an unknown platform or a bad cost", async () => {
    const { limiter } = testLimiter(10, 10, 10);
    const unknown = limiter.acquire("jira", "issues");
    await expect(unknown).rejects.toBeInstanceOf(ConfigurationError);
    await expect(unknown).rejects.toThrow(/No rate-limit rules for platform "jira".*budgets/);
    await expect(limiter.acquire("test", "jobs", { cost: -1 })).rejects.toThrow(
      /finite number ≥ 0/,
    );
    await expect(limiter.update("jira", "issues", {})).rejects.toBeInstanceOf(ConfigurationError);
    expect(() => new UnifiedRateLimiter({ config: { utilization: 2 } })).toThrow(/utilization/);
  });

  it("takes a platform's profile from the client that registers it; a given profile wins", async () => {
    const given = createBudgetProfile("test", {
      "*": { limit: 5, windowSeconds: 60, refill: "window" },
    });
    const registered = createBudgetProfile("other", {
      "*": { limit: 7, windowSeconds: 60, refill: "window" },
    });
    const limiter = new UnifiedRateLimiter({ profiles: [given] });
    await expect(limiter.acquire("other", "jobs")).rejects.toBeInstanceOf(ConfigurationError);
    limiter.registerProfile(registered);
    limiter.registerProfile(
      createBudgetProfile("test", { "*": { limit: 1, windowSeconds: 60, refill: "window" } }),
    );
    await limiter.acquire("other", "jobs");
    expect((await limiter.getRemaining("other", "jobs")).remaining).toBe(6);
    expect((await limiter.getRemaining("test", "jobs")).remaining).toBe(5);
  });

  it("lets a registered profile replace one made from config budgets alone, keeping the overrides", async () => {
    const limiter = new UnifiedRateLimiter({
      config: { budgets: { test: { jobs: { limit: 3, windowSeconds: 60, refill: "window" } } } },
    });
    expect((await limiter.getRemaining("test", "jobs")).buckets.map((b) => b.name)).toEqual([
      "jobs",
    ]);
    limiter.registerProfile({
      ...createBudgetProfile("test", { "*": { limit: 100, windowSeconds: 60, refill: "window" } }),
      charges: (resource, { cost }) => [
        { bucket: resource, cost },
        { bucket: "total", cost },
      ],
    });
    const status = await limiter.getRemaining("test", "jobs");
    expect(status.buckets.map((bucket) => [bucket.name, bucket.remaining])).toEqual([
      ["jobs", 3],
      ["total", 100],
    ]);
  });
});
