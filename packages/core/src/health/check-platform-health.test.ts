import { describe, expect, it } from "vitest";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import { checkPlatformHealth } from "./check-platform-health";

describe("checkPlatformHealth", () => {
  it("is healthy when authenticated with budget left, and reports latency and buckets", async () => {
    let now = 1_000;
    const limiter = new UnifiedRateLimiter({ clock: { now: () => now, setTimeout, clearTimeout } });
    const health = await checkPlatformHealth({
      platform: "github",
      authenticate: async () => {
        now += 250; // the round trip
        return { authenticated: true, identity: "octocat" };
      },
      limiter,
      resource: "core",
      clock: { now: () => now },
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

  it("is degraded without probing (never waits) when the budget is spent or paused", async () => {
    let now = Date.UTC(2030, 0, 1);
    const limiter = new UnifiedRateLimiter({
      clock: { now: () => now, setTimeout, clearTimeout },
      config: { budgets: { jira: { "*": { limit: 1, windowSeconds: 60 } } } },
    });
    let probes = 0;
    const authenticate = async () => {
      probes += 1;
      return { authenticated: true };
    };
    const check = () =>
      checkPlatformHealth({
        platform: "jira",
        authenticate,
        limiter,
        resource: "search",
        clock: { now: () => now },
      });
    expect((await check()).status).toBe("healthy");
    expect(probes).toBe(1);
    await limiter.acquire("jira", "search");
    const spent = await check();
    expect(spent).toMatchObject({
      status: "degraded",
      rateLimits: { "*": { remaining: 0, limit: 1 } },
    });
    expect(spent.message).toMatch(/Out of jira rate-limit budget \(\* 0\/1\)/);
    expect(spent.latencyMs).toBeUndefined();
    expect(probes).toBe(1);
    now += 61_000;
    expect((await check()).status).toBe("healthy");
    await limiter.update("jira", "search", { "retry-after": "30" });
    const paused = await check();
    expect(paused.status).toBe("degraded");
    expect(paused.message).toMatch(/jira asked to pause until 2030-01-01T00:01:31/);
    expect(probes).toBe(2);
  });

  it("takes a cost larger than one into account (needed)", async () => {
    const limiter = new UnifiedRateLimiter({
      config: { budgets: { jira: { points: { limit: 100, windowSeconds: 60, burst: 100 } } } },
    });
    await limiter.acquire("jira", "points", { cost: 95 });
    const health = await checkPlatformHealth({
      platform: "jira",
      authenticate: async () => ({ authenticated: true }),
      limiter,
      resource: "points",
      needed: { points: 10 },
    });
    expect(health.status).toBe("degraded");
  });
});
