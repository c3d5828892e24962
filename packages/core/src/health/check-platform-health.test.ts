import { describe, expect, it } from "vitest";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import { checkPlatformHealth } from "./check-platform-health";

describe("checkPlatformHealth", () => {
  const clock = (times: number[]) => ({ now: () => times.shift() ?? 10_000 });

  it("is healthy when authenticated with budget left, and reports latency and buckets", async () => {
    const limiter = new UnifiedRateLimiter();
    const health = await checkPlatformHealth({
      platform: "github",
      authenticate: async () => ({ authenticated: true, identity: "octocat" }),
      limiter,
      resource: "core",
      clock: clock([1_000, 1_250, 1_250]),
    });
    expect(health).toMatchObject({
      platform: "github",
      status: "healthy",
      latencyMs: 250,
      checkedAt: new Date(1_250),
      details: { identity: "octocat" },
    });
    expect(health.rateLimits.core).toMatchObject({ limit: 4_500 });
    expect(health.message).toBeUndefined();
  });

  it("is unhealthy when the credentials are refused or the call fails", async () => {
    const refused = await checkPlatformHealth({
      platform: "slack",
      authenticate: async () => ({ authenticated: false, message: "invalid_auth" }),
    });
    expect(refused).toMatchObject({ status: "unhealthy", message: "invalid_auth", rateLimits: {} });
    const down = await checkPlatformHealth({
      platform: "slack",
      authenticate: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    expect(down).toMatchObject({ status: "unhealthy", message: "connect ECONNREFUSED" });
  });

  it("is degraded when the budget is spent or the platform paused it", async () => {
    let now = Date.UTC(2030, 0, 1);
    const limiter = new UnifiedRateLimiter({
      clock: { now: () => now, setTimeout, clearTimeout },
      config: { budgets: { jira: { "*": { limit: 1, windowSeconds: 60 } } } },
    });
    const authenticate = async () => ({ authenticated: true });
    const check = () =>
      checkPlatformHealth({
        platform: "jira",
        authenticate,
        limiter,
        resource: "search",
        clock: { now: () => now },
      });
    expect((await check()).status).toBe("healthy");
    await limiter.acquire("jira", "search");
    const spent = await check();
    expect(spent.status).toBe("degraded");
    expect(spent.message).toMatch(/Out of jira rate-limit budget for search/);
    now += 61_000;
    expect((await check()).status).toBe("healthy");
    await limiter.update("jira", "search", { "retry-after": "30" });
    expect((await check()).status).toBe("degraded");
  });
});
