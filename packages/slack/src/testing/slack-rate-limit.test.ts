import { fakeTimeHarnessPerTest } from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { slackRateLimit } from "./slack-rate-limit";

const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, {
  startAt: Date.UTC(2030, 0, 1),
});

it("slackRateLimit: one message a second per channel and per-method minute budgets", async () => {
  const limit = slackRateLimit({
    perMinute: (method) => (method === "users.list" ? 2 : undefined),
  });
  const { server, tracker } = harness();
  server.use(limit).route("POST", "/api/:method", () => ({ json: { ok: true } }));
  const call = (method: string, form: string) =>
    tracker.fetch(`${server.url}/api/${method}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
  const send = (channel: string) => call("chat.postMessage", `channel=${channel}&text=x`);
  expect((await send("C1")).status).toBe(200);
  expect((await send("C2")).status).toBe(200);
  vi.advanceTimersByTime(999);
  const refused = await send("C1");
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBe("1");
  expect(await refused.json()).toEqual({ ok: false, error: "ratelimited" });
  vi.advanceTimersByTime(1);
  expect((await send("C1")).status).toBe(200);
  const list = () => call("users.list", "limit=10");
  expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([
    200, 200, 429,
  ]);
  expect(limit.refused).toBe(2);
});
