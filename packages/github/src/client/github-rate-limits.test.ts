import { type RateLimitWaitInfo, UnifiedRateLimiter } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { githubRateLimitProfile } from "./github-rate-limits";

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

describe("GitHub's rate-limit profile", () => {
  it("reads GitHub's headers, keeping the headroom between our budget and GitHub's limit", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] });
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
    const limiter = new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] });
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
      profiles: [githubRateLimitProfile()],
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
});
