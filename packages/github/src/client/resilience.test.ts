import { type ApiRequestInfo, RateLimitError, type RateLimitWaitInfo } from "@contexten/core";
import { afterEach, expect, it } from "vitest";
import { type GitHubHarness, START, startGitHubHarness } from "../__fixtures__/github-harness";
import { githubFaults } from "../testing/github-faults";

let harness: GitHubHarness;
afterEach(() => harness.close());

const repositories = [{ fullName: "acme/api" }];

it("serves a 304 from the ETag cache without spending budget", async () => {
  harness = await startGitHubHarness({ repositories });
  const calls: ApiRequestInfo[] = [];
  const client = harness.client({ instrumentation: { onApiRequest: (info) => calls.push(info) } });
  const first = await harness.finish(client.getRepository("acme/api"));
  const budgetAfterFirst = (await client.limiter.getRemaining("github", "core")).remaining;
  const second = await harness.finish(client.getRepository("acme/api"));

  expect(second).toEqual(first);
  const [sent, revalidated] = harness.github.requests;
  expect(sent!.status).toBe(200);
  expect(revalidated!.status).toBe(304);
  expect(revalidated!.headers["if-none-match"]).toMatch(/^W\/"/);
  // GitHub did not count the 304, and neither did our limiter.
  expect(harness.github.rateLimitWindows.get("core")?.used).toBe(1);
  expect((await client.limiter.getRemaining("github", "core")).remaining).toBe(budgetAfterFirst);
  expect(calls.map((call) => [call.endpoint, call.status, call.cached])).toEqual([
    ["GET /repos/acme/api", 200, false],
    ["GET /repos/acme/api", 200, true],
  ]);
});

it("obeys x-ratelimit headers: paces 90 requests against a 30-a-minute limit and never gets a 403", async () => {
  harness = await startGitHubHarness({ repositories, rateLimit: { limit: 30, windowMs: 60_000 } });
  const waits: RateLimitWaitInfo[] = [];
  // The client believes it has 4,500 an hour (the default); GitHub's headers say otherwise.
  const client = harness.client({
    instrumentation: { onRateLimitWait: (info) => waits.push(info) },
  });
  await harness.finish(client.getRepository("acme/api"));
  expect((await client.limiter.getRemaining("github", "core")).remaining).toBeLessThanOrEqual(29);

  const calls = Array.from({ length: 89 }, (_, index) =>
    client.request("GET /repos/{owner}/{repo}/issues", {
      owner: "acme",
      repo: "api",
      page: index + 1,
    }),
  );
  await harness.finish(Promise.all(calls));

  const requests = harness.github.requests;
  expect(requests).toHaveLength(90);
  expect(requests.filter((request) => request.status !== 200)).toEqual([]);
  expect(harness.github.rateLimitWindows.get("core")?.refused).toBe(0);
  // Never more than 30 in any one of GitHub's windows: the last third waited two resets.
  const windowOf = (at: number) => Math.floor((at - START) / 60_000);
  const perWindow = new Map<number, number>();
  for (const request of requests) {
    perWindow.set(
      windowOf(request.timestamp),
      (perWindow.get(windowOf(request.timestamp)) ?? 0) + 1,
    );
  }
  expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(30);
  expect(requests.at(-1)!.timestamp - START).toBeGreaterThanOrEqual(120_000);
  expect(waits.length).toBeGreaterThan(0);
  expect(waits.every((wait) => wait.reason === "budget" && wait.resource === "core")).toBe(true);
});

it("slows down when another consumer drains the shared budget (remaining drops in the headers)", async () => {
  harness = await startGitHubHarness({
    repositories,
    rateLimit: { limit: 100, windowMs: 3_600_000 },
  });
  const client = harness.client();
  await harness.finish(client.getRepository("acme/api"));
  // Another app on the same account spends 95 requests.
  harness.github.rateLimitWindows.get("core")!.used += 95;
  await harness.finish(
    client.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "api" }),
  );
  const remaining = (await client.limiter.getRemaining("github", "core")).remaining;
  expect(remaining).toBeLessThanOrEqual(3);

  const calls = Array.from({ length: 6 }, () =>
    client.request("GET /repos/{owner}/{repo}/pulls", { owner: "acme", repo: "api", state: "all" }),
  );
  await harness.finish(Promise.all(calls));
  const later = harness.github.requests.slice(2);
  expect(later.every((request) => request.status === 200)).toBe(true);
  expect(harness.github.rateLimitWindows.get("core")?.refused).toBe(0);
  // What did not fit in the hour waited for GitHub's reset.
  expect(later.some((request) => request.timestamp >= START + 3_600_000)).toBe(true);
});

it("waits Retry-After after a secondary-limit 403, then succeeds", async () => {
  harness = await startGitHubHarness({ repositories });
  const waits: RateLimitWaitInfo[] = [];
  const client = harness.client({
    instrumentation: { onRateLimitWait: (info) => waits.push(info) },
  });
  harness.github.server.fail(githubFaults.secondaryRateLimit(30), { times: 1 });

  let done = false;
  const pending = client.getRepository("acme/api").finally(() => {
    done = true;
  });
  await harness.elapse(29_000);
  expect(done).toBe(false);
  expect(harness.github.requests.map((request) => request.status)).toEqual([403]);
  await harness.elapse(1_000);
  const repository = await pending;

  expect(repository.full_name).toBe("acme/api");
  const [refused, retried] = harness.github.requests;
  expect([refused!.status, retried!.status]).toEqual([403, 200]);
  expect(retried!.timestamp - refused!.timestamp).toBe(30_000);
  expect(waits).toEqual([
    { platform: "github", resource: "core", waitMs: 30_000, reason: "retry-after" },
  ]);
});

it("fails with RateLimitError instead of waiting longer than maxRateLimitWaitMs", async () => {
  harness = await startGitHubHarness({ repositories });
  const client = harness.client({ maxRateLimitWaitMs: 10_000 });
  harness.github.server.fail(githubFaults.secondaryRateLimit(30), { times: 1 });
  const error = await harness.finish(
    client.getRepository("acme/api").catch((caught: unknown) => caught),
  );
  expect(RateLimitError.isInstance(error)).toBe(true);
  expect((error as RateLimitError).retryAfterMs).toBe(30_000);
  expect(harness.github.requests.map((request) => request.status)).toEqual([403]);
});

it("charges writes more: a created pull request draws content-creation and 5 secondary points", async () => {
  harness = await startGitHubHarness({ repositories });
  const client = harness.client();
  const bucket = async (name: string) =>
    (await client.limiter.getRemaining("github", "core")).buckets.find(
      (entry) => entry.name === name,
    )?.remaining;
  await harness.finish(client.getRepository("acme/api"));
  const secondaryAfterRead = await bucket("secondary-rest");
  await harness.finish(
    client.createPullRequest({ repository: "acme/api", title: "Fix", head: "fix", base: "main" }),
  );
  expect(secondaryAfterRead! - (await bucket("secondary-rest"))!).toBe(5);
  const contentMinute = await client.limiter.getRemaining("github", "content-minute");
  expect(contentMinute.remaining).toBeLessThan(72);
  expect(harness.github.requests.map((request) => request.method)).toEqual(["GET", "POST"]);
});

it("picks the budget from the route: search and GraphQL have their own", async () => {
  harness = await startGitHubHarness({ repositories });
  harness.github.server.graphql("Viewer", () => ({
    json: { data: { viewer: { login: "octocat" } } },
  }));
  const client = harness.client();
  const remaining = async (resource: string) =>
    (await client.limiter.getRemaining("github", resource)).remaining;
  const [search, graphql] = [await remaining("search"), await remaining("graphql")];
  await harness.finish(client.request("GET /search/issues", { q: "flaky" }));
  const result = await harness.finish(
    client.octokit.graphql<{ viewer: { login: string } }>("query Viewer { viewer { login } }"),
  );
  expect(result.viewer.login).toBe("octocat");
  expect(await remaining("search")).toBeLessThan(search);
  expect(await remaining("graphql")).toBeLessThan(graphql);
  expect(harness.github.requests.map((request) => request.path)).toEqual([
    "/search/issues",
    "/graphql",
  ]);
  expect(harness.github.rateLimitWindows.get("search")?.used).toBe(1);
  expect(harness.github.rateLimitWindows.get("graphql")?.used).toBe(1);
});

it("sends no conditional requests when the cache is off", async () => {
  harness = await startGitHubHarness({ repositories });
  const client = harness.client({ cache: false });
  await harness.finish(client.getRepository("acme/api"));
  await harness.finish(client.getRepository("acme/api"));
  expect(harness.github.requests.map((request) => request.status)).toEqual([200, 200]);
  expect(harness.github.requests[1]!.headers["if-none-match"]).toBeUndefined();
});
