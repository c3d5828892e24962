import { expect, it } from "vitest";
import type { Cache } from "../../cache/cache";

/** The clock a cache under test reads; tests move it by hand. */
export interface ManualTime {
  /** Current time, epoch ms. */
  now: number;
}

/**
 * The `Cache` contract. `current` returns the test's cache, created on a clock that reads
 * `time.now`; `prefix` is a key prefix unique to the test.
 */
export function describeCache(
  current: () => Cache,
  time: ManualTime,
  prefix: () => string,
  peer: (() => Cache) | undefined,
): void {
  const key = (name: string) => `${prefix()}:${name}`;

  it("stores a value with its validators, fresh for the platform's TTL", async () => {
    const cache = current();
    const start = time.now;
    const stored = await cache.set(
      key("a"),
      { status: 200, body: { id: 1 } },
      {
        platform: "github",
        etag: '"v1"',
        lastModified: "Wed, 01 Jan 2030 09:00:00 GMT",
      },
    );
    const expected = {
      value: { status: 200, body: { id: 1 } },
      etag: '"v1"',
      lastModified: "Wed, 01 Jan 2030 09:00:00 GMT",
      platform: "github",
      storedAt: start,
      expiresAt: start + 300_000, // GitHub's default TTL
    };
    expect(stored).toEqual(expected);
    expect(await cache.get(key("a"))).toEqual(expected);
    time.now = start + 299_999;
    expect(await cache.get(key("a"))).toEqual(expected);
  });

  it("serves stale entries only when asked, for revalidation", async () => {
    const cache = current();
    const start = time.now;
    await cache.set(key("a"), "body", { platform: "slack", etag: '"s"' }); // 60 s
    await cache.set(key("b"), "body", { ttlSeconds: 5 });
    time.now = start + 60_000;
    expect(await cache.get(key("a"))).toBeUndefined();
    expect(await cache.get(key("a"), { includeStale: true })).toMatchObject({
      value: "body",
      etag: '"s"',
      expiresAt: start + 60_000,
    });
    expect(await cache.get(key("b"), { includeStale: true })).toMatchObject({
      expiresAt: start + 5_000,
    });
  });

  it("replaces an entry on set and removes one on delete", async () => {
    const cache = current();
    await cache.set(key("a"), 1);
    await cache.set(key("a"), 2, { etag: '"2"' });
    expect(await cache.get(key("a"))).toMatchObject({ value: 2, etag: '"2"' });
    expect(await cache.delete(key("a"))).toBe(true);
    expect(await cache.delete(key("a"))).toBe(false);
    expect(await cache.get(key("a"), { includeStale: true })).toBeUndefined();
  });

  it("returns undefined for keys never stored", async () => {
    expect(await current().get(key("missing"), { includeStale: true })).toBeUndefined();
  });

  it("invalidates by glob: * and ? are wildcards, everything else is literal", async () => {
    const cache = current();
    const keys = [
      "github:GET /repos/acme/api/issues/1",
      "github:GET /repos/acme/api/issues/2",
      "github:GET /repos/acme/api/pulls/1",
      "github:GET /repos/acme/web/issues/1",
      "github:GET /repos/acme/api/issues?[x]=1",
      "github:GET /repos/acme/apixissues/9",
    ];
    for (const name of keys) await cache.set(key(name), name);
    expect(await cache.invalidatePattern(key("github:GET /repos/acme/api/issues/*"))).toBe(2);
    expect(await cache.invalidatePattern(key("github:GET /repos/acme/api/issues?[x]=1"))).toBe(1);
    expect(await cache.invalidatePattern(key("github:GET /repos/acme/?eb/*"))).toBe(1);
    expect(await cache.invalidatePattern(key("github:GET /repos/acme/api.issues/*"))).toBe(0);
    const left = [];
    for (const name of keys) if (await cache.get(key(name))) left.push(name);
    expect(left).toEqual([
      "github:GET /repos/acme/api/pulls/1",
      "github:GET /repos/acme/apixissues/9",
    ]);
  });

  it("round-trips the values responses hold: JSON, text, bytes and dates", async () => {
    const cache = current();
    const value = {
      status: 200,
      headers: { etag: '"x"', "content-type": "application/json" },
      body: { list: [1, "two", null, true, { deep: ["é", "✓", ""] }], ratio: 0.25 },
      bytes: new Uint8Array([0, 7, 255]),
      at: new Date(Date.UTC(2030, 0, 1)),
    };
    await cache.set(key("value"), value);
    expect((await cache.get(key("value")))?.value).toEqual(value);
    await cache.set(key("text"), "plain ✓ text");
    expect((await cache.get(key("text")))?.value).toBe("plain ✓ text");
  });

  it("removes everything on clear", async () => {
    const cache = current();
    await cache.set(key("a"), 1);
    await cache.set(key("b"), 2);
    await cache.clear();
    expect(await cache.get(key("a"), { includeStale: true })).toBeUndefined();
    expect(await cache.get(key("b"), { includeStale: true })).toBeUndefined();
  });

  if (peer) {
    it("shares entries, replacements and invalidations with another instance", async () => {
      const cache = current();
      const other = peer();
      await cache.set(key("shared"), { v: 1 }, { etag: '"1"' });
      expect(await other.get(key("shared"))).toMatchObject({ value: { v: 1 }, etag: '"1"' });
      await other.set(key("shared"), { v: 2 }, { etag: '"2"' });
      await expect.poll(async () => (await cache.get(key("shared")))?.value).toEqual({ v: 2 });
      await cache.invalidatePattern(key("sh*"));
      await expect
        .poll(async () => other.get(key("shared"), { includeStale: true }))
        .toBeUndefined();
    });
  }
}
