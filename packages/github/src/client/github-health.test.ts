import { UnifiedRateLimiter } from "@contexten/core";
import { afterEach, expect, it } from "vitest";
import { type GitHubHarness, START, startGitHubHarness } from "../__fixtures__/github-harness";

let harness: GitHubHarness;
afterEach(() => harness.close());

it("authenticate() names the token's user and scopes", async () => {
  harness = await startGitHubHarness({ viewer: { login: "hubot" } });
  expect(await harness.finish(harness.client().authenticate())).toEqual({
    authenticated: true,
    identity: "hubot",
    scopes: ["repo", "workflow"],
  });
});

it("getHealthStatus() reports every resource's budget, degraded when core runs low", async () => {
  harness = await startGitHubHarness({ rateLimit: { limit: 100 } });
  const client = harness.client();
  const healthy = await harness.finish(client.getHealthStatus());
  expect(healthy.status).toBe("healthy");
  expect(healthy.rateLimits.core).toMatchObject({ limit: 100 });
  expect(Object.keys(healthy.rateLimits)).toEqual(["core", "search", "graphql", "code_search"]);
  expect(healthy.details).toMatchObject({ auth: "token" });

  harness.github.rateLimitWindows.get("core")!.used = 95;
  const degraded = await harness.finish(client.getHealthStatus());
  expect(degraded.status).toBe("degraded");
  expect(degraded.message).toMatch(/core requests left/);
});

it("getHealthStatus() is unhealthy, not a throw, when GitHub refuses", async () => {
  harness = await startGitHubHarness({ tokens: ["good"] });
  const status = await harness.finish(harness.client({ token: "bad" }).getHealthStatus());
  expect(status.status).toBe("unhealthy");
  expect(status.details).toMatchObject({ status: 401 });
});

it("getHealthStatus() never waits for budget: out of core budget it is degraded without calling GitHub", async () => {
  harness = await startGitHubHarness();
  const limiter = new UnifiedRateLimiter();
  const client = harness.client({ limiter });
  await limiter.update("github", "core", {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(Math.floor(START / 1000) + 1_800),
    "x-ratelimit-resource": "core",
  });
  const status = await harness.finish(client.getHealthStatus());
  expect(Date.now()).toBe(START);
  expect(harness.github.requests).toHaveLength(0);
  expect(status).toMatchObject({
    status: "degraded",
    message: expect.stringMatching(/Out of GitHub rate-limit budget \(core 0\/\d+\)/),
    details: { probed: false, auth: "token" },
  });
  expect(status.latencyMs).toBeUndefined();
});
