import { describe, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { ConfigurationError } from "../errors/configuration-error";
import { createEventBus } from "../events/event-bus";
import { asynchronousBackend, useFakeTimeAt } from "./__fixtures__/limiter-fixtures";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";
import { createBudgetProfile } from "./rate-limit-profile";
import { slackRateLimitProfile } from "./slack-rate-limits";
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

/** Records when each promise settles, in fake time. */
function track<T>(label: string, promise: Promise<T>, log: string[]) {
  promise.then(
    () => log.push(`${label}@${Date.now() - START}`),
    (error: Error) => log.push(`${label}!${error.name}@${Date.now() - START}`),
  );
  return promise;
}

describe("UnifiedRateLimiter", () => {
  it("serves waiters for a resource first in, first out, even when a later one would fit sooner", async () => {
    const { limiter } = testLimiter(10, 10, 10);
    const log: string[] = [];
    await limiter.acquire("test", "jobs", { cost: 10 });
    track("big", limiter.acquire("test", "jobs", { cost: 5 }), log);
    track("small", limiter.acquire("test", "jobs", { cost: 1 }), log);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]); // "small" fits after 1 s but does not overtake "big"
    await vi.advanceTimersByTimeAsync(4_000);
    expect(log).toEqual(["big@5000"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(["big@5000", "small@6000"]);
  });

  it("rejects an aborted waiting acquire at once and gives its place to the next", async () => {
    const { limiter } = testLimiter(1, 10, 1);
    const log: string[] = [];
    await limiter.acquire("test", "jobs");
    const controller = new AbortController();
    const second = track(
      "second",
      limiter.acquire("test", "jobs", { signal: controller.signal }),
      log,
    );
    track("third", limiter.acquire("test", "jobs"), log);
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

  it("keeps queues per resource apart: a busy Slack channel does not hold up another", async () => {
    const limiter = new UnifiedRateLimiter();
    const log: string[] = [];
    await limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" });
    track("C1", limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" }), log);
    track("C2", limiter.acquire("slack", "chat.postMessage:C2", { kind: "create" }), log);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(["C2@0"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(["C2@0", "C1@1000"]);
  });

  it("reads GitHub's headers, keeping the headroom between our budget and GitHub's limit", async () => {
    const limiter = new UnifiedRateLimiter();
    const grant = await limiter.acquire("github", "core");
    expect((await limiter.getRemaining("github", "core")).remaining).toBe(4_499);
    const reset = Math.ceil((START + 600_000) / 1000);
    await limiter.update(
      "github",
      "core",
      {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4000",
        "x-ratelimit-reset": `${reset}`,
        "x-ratelimit-resource": "core",
      },
      { grant },
    );
    // 4,000 left of 5,000 is 3,500 left of our 4,500: the 500 of headroom stay untouched.
    expect(await limiter.getRemaining("github", "core")).toMatchObject({
      remaining: 3_500,
      resetAt: reset * 1000,
    });
    await limiter.update(
      "github",
      "core",
      new Headers({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": `${reset}`,
      }),
    );
    const log: string[] = [];
    track("next", limiter.acquire("github", "core"), log);
    await vi.advanceTimersByTimeAsync(599_999);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(["next@600000"]);
  });

  it("charges GitHub mutations five secondary points and content creation its own budgets", async () => {
    const limiter = new UnifiedRateLimiter();
    await limiter.acquire("github", "core", { kind: "create" });
    const status = await limiter.getRemaining("github", "core");
    const byName = Object.fromEntries(
      status.buckets.map((bucket) => [bucket.name, bucket.remaining]),
    );
    expect(byName).toEqual({ core: 4_499, "secondary-rest": 805 });
    const content = await limiter.getRemaining("github", "core");
    expect(content.remaining).toBe(4_499);
    await limiter.acquire("github", "search");
    expect((await limiter.getRemaining("github", "search")).remaining).toBe(26);
  });

  it("pauses the buckets a Retry-After names, and says so when reporting the wait", async () => {
    const waits: RateLimitWaitInfo[] = [];
    const paused = new UnifiedRateLimiter({
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    });
    await paused.update("github", "core", { "retry-after": "7" });
    expect((await paused.getRemaining("github", "core")).blockedUntil).toBe(START + 7_000);
    const pending = paused.acquire("github", "core");
    await vi.advanceTimersByTimeAsync(7_000);
    await pending;
    expect(waits).toEqual([
      { platform: "github", resource: "core", waitMs: 7_000, reason: "retry-after" },
    ]);
  });

  it("settles Linear's complexity estimate from X-Complexity and reads both budgets", async () => {
    const limiter = new UnifiedRateLimiter();
    const grant = await limiter.acquire("linear", "graphql", { cost: 100 });
    await limiter.update("linear", "graphql", { "x-complexity": "12" }, { grant });
    const status = await limiter.getRemaining("linear", "graphql");
    const byName = Object.fromEntries(
      status.buckets.map((bucket) => [bucket.name, bucket.remaining]),
    );
    // Bursts are a tenth of 4,500 requests and 225,000 points.
    expect(byName).toEqual({ requests: 449, complexity: 22_500 - 12 });
    await limiter.update("linear", "graphql", {
      "x-ratelimit-requests-limit": "5000",
      "x-ratelimit-requests-remaining": "510",
      "x-ratelimit-complexity-limit": "250000",
      "x-ratelimit-complexity-remaining": "240000",
    });
    const after = await limiter.getRemaining("linear", "graphql");
    expect(after.buckets.map((bucket) => bucket.remaining)).toEqual([10, 22_488]);
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
    const log: string[] = [];
    track("reset", limiter.waitForReset("test", "jobs"), log);
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
    const log: string[] = [];
    track("first", limiter.acquire("test", "jobs"), log);
    const controller = new AbortController();
    const second = track(
      "second",
      limiter.acquire("test", "jobs", { signal: controller.signal }),
      log,
    );
    track("third", limiter.acquire("test", "jobs"), log);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual(["first@0", "second!AbortError@0", "third@10000"]);
  });

  it("explains what to configure for an unknown platform or a bad cost", async () => {
    const limiter = new UnifiedRateLimiter();
    const unknown = limiter.acquire("jira", "issues");
    await expect(unknown).rejects.toBeInstanceOf(ConfigurationError);
    await expect(unknown).rejects.toThrow(/No rate-limit rules for platform "jira".*budgets/);
    await expect(limiter.acquire("github", "core", { cost: -1 })).rejects.toThrow(
      /finite number ≥ 0/,
    );
    await expect(limiter.update("jira", "issues", {})).rejects.toBeInstanceOf(ConfigurationError);
    expect(() => new UnifiedRateLimiter({ config: { utilization: 2 } })).toThrow(/utilization/);
  });

  it("lets the config override a preset budget, including dynamic ones", async () => {
    const limiter = new UnifiedRateLimiter({
      config: {
        budgets: {
          slack: { "channel:*": { limit: 2, windowSeconds: 1, refill: "continuous", burst: 2 } },
        },
      },
    });
    await limiter.acquire("slack", "chat.postMessage:C1");
    await limiter.acquire("slack", "chat.postMessage:C1");
    expect((await limiter.getRemaining("slack", "chat.postMessage:C1")).remaining).toBe(0);
  });

  it("drops per-channel buckets again once they are back to full", async () => {
    const backend = new MemoryRateLimitBackend();
    const limiter = new UnifiedRateLimiter({
      backend,
      profiles: [slackRateLimitProfile({ rateLimitRequests: 1_000_000 })],
    });
    for (let channel = 0; channel < 1_100; channel += 1) {
      await limiter.acquire("slack", `chat.postMessage:C${channel}`);
    }
    const peak = backend.size;
    expect(peak).toBeGreaterThan(1_000);
    vi.setSystemTime(START + 3_600_000);
    for (let index = 0; index < 1_024; index += 1)
      await limiter.getRemaining("slack", "users.info");
    await limiter.acquire("slack", "users.info");
    expect(backend.size).toBeLessThan(10);
  });
});
