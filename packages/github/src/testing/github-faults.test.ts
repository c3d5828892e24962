import { fakeTimeHarnessPerTest, TEST_REQUEST_INFO, testResponse } from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import {
  classifyGitHubResponse,
  GITHUB_SECONDARY_LIMIT_DEFAULT_WAIT_MS,
} from "../client/github-request-rules";
import { githubFaults } from "./github-faults";

const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, {
  startAt: Date.UTC(2030, 0, 1),
});

it("githubFaults.secondaryRateLimit: GitHub's 403 with Retry-After once, then the route answers", async () => {
  const { server, tracker } = harness();
  server.route("GET", "/repos/:owner/:repo", () => ({ json: { id: 1 } }));
  server.fail(githubFaults.secondaryRateLimit(30), { times: 1 });
  const refused = await tracker.fetch(`${server.url}/repos/acme/api`);
  expect(refused.status).toBe(403);
  expect(refused.headers.get("retry-after")).toBe("30");
  expect(await refused.json()).toMatchObject({
    message: expect.stringMatching(/^You have exceeded a secondary rate limit\./),
  });
  expect((await tracker.fetch(`${server.url}/repos/acme/api`)).status).toBe(200);
});

it("githubFaults.secondaryRateLimit: without seconds, no Retry-After; GitHub's rules wait a minute", async () => {
  const response = githubFaults.secondaryRateLimit();
  expect(response.headers).toEqual({});
  const { server, tracker } = harness();
  server.fail(response);
  const refused = await tracker.fetch(`${server.url}/anything`);
  expect(refused.headers.get("retry-after")).toBeNull();
  const classified = classifyGitHubResponse(
    testResponse(refused.status, {}, await refused.text()),
    TEST_REQUEST_INFO,
    Date.UTC(2030, 0, 1),
  );
  expect(classified).toEqual({
    outcome: "rate-limited",
    retryAfterMs: GITHUB_SECONDARY_LIMIT_DEFAULT_WAIT_MS,
  });
});
