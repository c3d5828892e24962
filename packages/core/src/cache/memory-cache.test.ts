import { describe, expect, it } from "vitest";
import type { Clock } from "../clock/clock";
import { ValidationError } from "../errors/validation-error";
import { conditionalHeaders, globToRegExp, isFresh } from "./cache";
import { MemoryCache } from "./memory-cache";

/** A clock tests move by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  const clock: Clock = { now: () => now, setTimeout: () => undefined, clearTimeout: () => {} };
  return { clock, advance: (ms: number) => (now += ms) };
}

describe("MemoryCache", () => {
  it("keeps entries fresh for the platform's TTL and stale ones for revalidation", async () => {
    const { clock, advance } = manualClock();
    const cache = new MemoryCache({ clock });
    await cache.set("github:a", { id: 1 }, { platform: "github", etag: '"v1"' });
    await cache.set("slack:a", { id: 2 }, { platform: "slack" });
    await cache.set("jira:a", { id: 3 }, { platform: "jira" });
    advance(60_000);
    expect(await cache.get("github:a")).toMatchObject({ value: { id: 1 }, etag: '"v1"' });
    expect(await cache.get("slack:a")).toBeUndefined(); // 60 s TTL
    expect(await cache.get("jira:a")).toBeUndefined(); // default 60 s
    expect(await cache.get("slack:a", { includeStale: true })).toMatchObject({ value: { id: 2 } });
    advance(240_000);
    const stale = await cache.get("github:a", { includeStale: true });
    expect(stale && isFresh(stale, clock.now())).toBe(false);
    expect(conditionalHeaders(stale)).toEqual({ "if-none-match": '"v1"' });
    expect(await cache.get("github:a")).toBeUndefined();
  });

  it("honours an explicit TTL and Last-Modified", async () => {
    const { clock, advance } = manualClock();
    const cache = new MemoryCache({ clock });
    const entry = await cache.set("k", "v", {
      ttlSeconds: 5,
      lastModified: "Tue, 01 Jan 2030 00:00:00 GMT",
    });
    expect(entry.expiresAt).toBe(clock.now() + 5_000);
    expect(conditionalHeaders(entry)).toEqual({
      "if-modified-since": "Tue, 01 Jan 2030 00:00:00 GMT",
    });
    advance(5_000);
    expect(await cache.get("k")).toBeUndefined();
  });

  it("is bounded by entries and by size, dropping the least recently used", async () => {
    const cache = new MemoryCache({ config: { maxEntries: 2 } });
    await cache.set("a", 1);
    await cache.set("b", 2);
    await cache.get("a");
    await cache.set("c", 3);
    expect(await cache.get("b")).toBeUndefined();
    expect((await cache.get("a"))?.value).toBe(1);
    const small = new MemoryCache({ config: { maxSizeBytes: 100 } });
    await small.set("x", "a".repeat(60));
    await small.set("y", "b".repeat(60));
    expect(await small.get("x")).toBeUndefined();
    expect(small.size).toBe(1);
  });

  it("invalidates by glob and deletes single entries", async () => {
    const cache = new MemoryCache();
    await cache.set("github:GET https://api.github.com/repos/acme/api/issues/1#x", 1);
    await cache.set("github:GET https://api.github.com/repos/acme/api/issues?page=2#x", 2);
    await cache.set("github:GET https://api.github.com/repos/acme/web#x", 3);
    expect(
      await cache.invalidatePattern("github:GET https://api.github.com/repos/acme/api/*"),
    ).toBe(2);
    expect(cache.size).toBe(1);
    expect(await cache.delete("github:GET https://api.github.com/repos/acme/web#x")).toBe(true);
    expect(await cache.delete("missing")).toBe(false);
    await cache.set("z", 1);
    await cache.clear();
    expect(cache.size).toBe(0);
  });

  it("rejects an invalid config with a ValidationError", () => {
    expect(() => new MemoryCache({ config: { maxEntries: 0 } })).toThrow(ValidationError);
  });
});

describe("globToRegExp", () => {
  it("treats * and ? as wildcards and everything else literally", () => {
    expect(globToRegExp("a*c").test("a/b:c")).toBe(true);
    expect(globToRegExp("a?c").test("abc")).toBe(true);
    expect(globToRegExp("a?c").test("abbc")).toBe(false);
    expect(globToRegExp("issues?page=(1)").test("issues?page=(1)")).toBe(true);
    expect(globToRegExp("a.c").test("abc")).toBe(false);
  });
});
