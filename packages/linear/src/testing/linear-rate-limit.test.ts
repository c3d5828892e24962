import { fakeTimeHarnessPerTest } from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { linearRateLimit } from "./linear-rate-limit";

const START = Date.UTC(2030, 0, 1);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, { startAt: START });

it("linearRateLimit: request and complexity headers, RATELIMITED when a bucket is empty, continuous refill", async () => {
  const limit = linearRateLimit({
    requests: { limit: 10, windowMs: 60_000 },
    complexity: { limit: 100, windowMs: 60_000 },
    complexityOf: (request) => Number(request.graphql?.variables.cost ?? 1),
  });
  const { server, tracker } = harness();
  server.use(limit).graphql("Q", () => ({ json: { data: {} } }));
  const ask = (cost: number) =>
    tracker.fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query Q { a }", variables: { cost } }),
    });
  const ok = await ask(60);
  expect(ok.headers.get("x-complexity")).toBe("60");
  expect(ok.headers.get("x-ratelimit-requests-remaining")).toBe("9");
  expect(ok.headers.get("x-ratelimit-complexity-remaining")).toBe("40");
  expect(ok.headers.get("x-ratelimit-complexity-reset")).toBe(`${START + 36_000}`);
  const refused = await ask(60);
  expect(refused.status).toBe(400);
  expect(await refused.json()).toEqual({
    errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }],
  });
  expect(limit.refused).toBe(1);
  vi.advanceTimersByTime(12_000); // 20 points come back
  expect((await ask(60)).status).toBe(200);
});
