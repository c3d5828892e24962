import { describe, expect, it } from "vitest";
import { ApiCallError } from "../errors/api-call-error";
import { createBudgetProfile, type RateLimitProfile } from "../rate-limit/rate-limit-profile";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import { checkPlatformHealth } from "./check-platform-health";

/** GitHub's core budget as its client configures it by default. */
const githubLike = () =>
  createBudgetProfile("github", { core: { limit: 4_500, windowSeconds: 3_600, refill: "window" } });

/** A platform whose responses say what is left, the way Linear's headers do. */
const reportingProfile: RateLimitProfile = {
  ...createBudgetProfile("linear", {
    requests: { limit: 4_500, windowSeconds: 3_600, refill: "continuous" },
  }),
  charges: (_resource, { cost }) => [{ bucket: "requests", cost }],
  readHeaders: (_resource, headers) => [
    {
      bucket: "requests",
      limit: Number(headers["x-ratelimit-requests-limit"]),
      remaining: Number(headers["x-ratelimit-requests-remaining"]),
      resetAt: Number(headers["x-ratelimit-requests-reset"]),
    },
  ],
};

describe("checkPlatformHealth", () => {
  it("is healthy when authenticated with budget left, and reports latency and buckets", async () => {
    let now = 1_000;
    const limiter = new UnifiedRateLimiter({
      profiles: [githubLike()],
      clock: { now: () => now, setTimeout, clearTimeout },
    });
    const health = await checkPlatformHealth({
      platform: "github",
      probe: async () => {
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
      probe: async () => ({ authenticated: false, message: "invalid_auth" }),
    });
    expect(refused).toMatchObject({ status: "unhealthy", message: "invalid_auth", rateLimits: {} });
    const down = await checkPlatformHealth({
      platform: "slack",
      probe: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    expect(down).toMatchObject({
      status: "unhealthy",
      message: "slack is not reachable: connect ECONNREFUSED",
      details: { probed: true },
    });
    const refusedByHttp = await checkPlatformHealth({
      platform: "github",
      name: "GitHub",
      probe: async () => {
        throw new ApiCallError({ platform: "github", url: "/rate_limit", status: 401 });
      },
    });
    expect(refusedByHttp).toMatchObject({
      status: "unhealthy",
      message: expect.stringMatching(/^GitHub is not reachable: /),
      details: { status: 401 },
    });
  });

  it("is degraded without probing (never waits) when the budget is spent or paused", async () => {
    let now = Date.UTC(2030, 0, 1);
    const limiter = new UnifiedRateLimiter({
      clock: { now: () => now, setTimeout, clearTimeout },
      config: { budgets: { jira: { "*": { limit: 1, windowSeconds: 60, refill: "window" } } } },
    });
    let probes = 0;
    const authenticate = async () => {
      probes += 1;
      return { authenticated: true };
    };
    const check = () =>
      checkPlatformHealth({
        platform: "jira",
        probe: authenticate,
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
    expect(spent.details).toEqual({ probed: false });
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
      probe: async () => ({ authenticated: true }),
      limiter,
      resource: "points",
      needed: { points: 10 },
    });
    expect(health.status).toBe("degraded");
  });

  it("reports the platform's own budgets and its low-budget verdict, keeping the limiter's view in details", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [githubLike()] });
    const health = await checkPlatformHealth({
      platform: "github",
      name: "GitHub",
      probe: async () => ({
        rateLimits: { core: { remaining: 40, limit: 5_000 }, search: { remaining: 30, limit: 30 } },
        degraded: "Only 40 of 5000 core requests left.",
      }),
      limiter,
      resource: "core",
      details: { baseUrl: "https://api.github.com" },
    });
    expect(health).toMatchObject({
      status: "degraded",
      message: "Only 40 of 5000 core requests left.",
      rateLimits: { core: { remaining: 40, limit: 5_000 }, search: { remaining: 30, limit: 30 } },
      details: {
        baseUrl: "https://api.github.com",
        probed: true,
        limiter: { core: { remaining: 4_500, limit: 4_500 } },
      },
    });
    expect(Object.keys(health.rateLimits)).toEqual(["core", "search"]);
  });

  it("judges the budget again after the probe, whose headers may show the real numbers", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [reportingProfile] });
    const health = await checkPlatformHealth({
      platform: "linear",
      name: "Linear",
      probe: async () => {
        await limiter.update("linear", "graphql", {
          "x-ratelimit-requests-limit": "1500",
          "x-ratelimit-requests-remaining": "0",
          "x-ratelimit-requests-reset": String(Date.now() + 3_600_000),
        });
        return { authenticated: true, identity: "ada@example.com" };
      },
      limiter,
      resource: "graphql",
    });
    expect(health).toMatchObject({
      status: "degraded",
      message: expect.stringMatching(/^Out of Linear rate-limit budget \(requests 0\/\d+\)/),
      details: { identity: "ada@example.com", probed: true },
    });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
