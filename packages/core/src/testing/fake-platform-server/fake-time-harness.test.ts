import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeTimeHarnessPerTest } from "./fake-time-harness";

const START = Date.UTC(2030, 0, 1);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, { startAt: START });
const seen: string[] = [];

describe("fakeTimeHarnessPerTest", () => {
  it("starts a harness for each test, at the start time with fake timers", async () => {
    expect(Date.now()).toBe(START);
    harness().server.route("GET", "/first", () => ({ json: { ok: true } }));
    const response = await harness().tracker.fetch(`${harness().server.url}/first`);
    expect(response.status).toBe(200);
    await harness().elapse(5_000);
    expect(Date.now()).toBe(START + 5_000);
    seen.push(harness().server.url);
  });

  it("gives the next test a new server, with no routes or requests of the last one", async () => {
    expect(Date.now()).toBe(START);
    expect(seen).toHaveLength(1);
    expect(harness().server.url).not.toBe(seen[0]);
    expect(harness().server.requests).toEqual([]);
    expect((await harness().tracker.fetch(`${harness().server.url}/first`)).status).toBe(404);
  });
});

describe("outside a test", () => {
  const outside = fakeTimeHarnessPerTest({ beforeEach: () => {}, afterEach: () => {} }, vi, {
    startAt: START,
  });

  it("says the harness exists only while a test runs", () => {
    expect(() => outside()).toThrow(/only while a test runs/);
  });
});
