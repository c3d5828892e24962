import { MemoryRateLimitBackend, UnifiedRateLimiter } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { slackRateLimitProfile } from "./slack-rate-limits";

const START = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

/** Records when each promise settles, in fake time. */
function track<T>(label: string, promise: Promise<T>, log: string[]) {
  promise.then(
    () => log.push(`${label}@${Date.now() - START}`),
    (error: Error) => log.push(`${label}!${error.name}@${Date.now() - START}`),
  );
  return promise;
}

describe("Slack's rate-limit profile", () => {
  it("keeps queues per resource apart: a busy Slack channel does not hold up another", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [slackRateLimitProfile()] });
    const log: string[] = [];
    await limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" });
    track("C1", limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" }), log);
    track("C2", limiter.acquire("slack", "chat.postMessage:C2", { kind: "create" }), log);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(["C2@0"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(["C2@0", "C1@1000"]);
  });

  it("lets the config override a preset budget, including dynamic ones", async () => {
    const limiter = new UnifiedRateLimiter({
      profiles: [slackRateLimitProfile()],
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
