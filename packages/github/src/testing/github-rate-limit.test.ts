import { conditionalGet, fakeTimeHarnessPerTest } from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { githubRateLimit } from "./github-rate-limit";

const START = Date.UTC(2030, 0, 1);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, { startAt: START });

it("githubRateLimit: counts down, ignores 304s, refuses with 403 when spent, resets after the window", async () => {
  const limit = githubRateLimit({ limit: 2, windowMs: 60_000 });
  const { server, tracker } = harness();
  server.use(limit).use(conditionalGet());
  server.route("GET", "/repos/:owner/:repo", () => ({ json: { id: 1 } }));
  server.route("GET", "/search/issues", () => ({ json: { items: [] } }));
  const get = (path: string, headers: Record<string, string> = {}) =>
    tracker.fetch(`${server.url}${path}`, { headers });
  const first = await get("/repos/a/b");
  expect(
    Object.fromEntries([...first.headers].filter(([name]) => name.startsWith("x-ratelimit"))),
  ).toEqual({
    "x-ratelimit-limit": "2",
    "x-ratelimit-remaining": "1",
    "x-ratelimit-reset": `${(START + 60_000) / 1000}`,
    "x-ratelimit-used": "1",
    "x-ratelimit-resource": "core",
  });
  const notModified = await get("/repos/a/b", { "if-none-match": first.headers.get("etag")! });
  expect(notModified.status).toBe(304);
  expect(notModified.headers.get("x-ratelimit-remaining")).toBe("1");
  expect((await get("/search/issues")).headers.get("x-ratelimit-resource")).toBe("search");
  await get("/repos/a/b");
  const refused = await get("/repos/a/b");
  expect(refused.status).toBe(403);
  expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(await refused.json()).toMatchObject({
    message: "API rate limit exceeded for installation.",
  });
  expect(limit.windows.get("core")).toMatchObject({ used: 2, refused: 1 });
  vi.advanceTimersByTime(60_000);
  expect((await get("/repos/a/b")).headers.get("x-ratelimit-remaining")).toBe("1");
});
