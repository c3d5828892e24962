import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { correlatedEventSchema, correlationKeySchema } from "../models/correlated-event";
import { boundCorrelationKey, MAX_CORRELATION_KEY_BYTES } from "./bound-correlation-key";
import { CorrelationKeys } from "./correlation-keys";
import { platformObjectKey } from "./platform-object-key";

const bytes = (key: string) => Buffer.byteLength(key, "utf8");
const HAS_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Any UTF-16 string, lone surrogates and NUL included. */
const anyText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom("é", "日本", "😀", " ", "\u3000", "\u0000", "\ud800", "\udfff", "/", "#"),
    ),
    maxLength,
  });

/** True when a store can keep `key` exactly: schema, byte limit, no NUL, well-formed. */
function expectStorable(key: string): void {
  expect(correlationKeySchema.safeParse(key).success).toBe(true);
  expect(bytes(key)).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
  expect(key).not.toContain("\u0000");
  expect(HAS_LONE_SURROGATE.test(key)).toBe(false);
}

describe("boundCorrelationKey", () => {
  it("leaves ordinary keys exactly as they are", () => {
    for (const key of [
      "linear:issue:ENG-123",
      "github:branch:acme/api:eng-123-fix-login",
      "url:https://example.com/%C3%A9t%C3%A9",
      "slack:thread:C123:1700000000.000100",
      `github:branch:acme/api:${"é".repeat(200)}`,
    ]) {
      expect(boundCorrelationKey(key)).toBe(key);
    }
  });

  it("keeps a key of exactly the limit and shortens one byte more", () => {
    const fits = `url:${"a".repeat(MAX_CORRELATION_KEY_BYTES - 4)}`;
    expect(boundCorrelationKey(fits)).toBe(fits);
    const over = `${fits}b`;
    const bounded = boundCorrelationKey(over);
    expect(bounded).not.toBe(over);
    expect(bytes(bounded)).toBe(MAX_CORRELATION_KEY_BYTES);
    expect(bounded).toMatch(/^url:a+~[0-9a-f]{32}$/);
  });

  it("keeps a readable prefix and ends in a digest of the whole key", () => {
    const branch = "ветка-".repeat(200); // 1,200 characters, 2,200 UTF-8 bytes
    const key = boundCorrelationKey(`github:branch:acme/api:${branch}`);
    expect(key.startsWith("github:branch:acme/api:ветка-ветка-")).toBe(true);
    expect(key).toMatch(/~[0-9a-f]{32}$/);
    expectStorable(key);
    // Same input, same key; a different tail, a different key.
    expect(boundCorrelationKey(`github:branch:acme/api:${branch}`)).toBe(key);
    expect(boundCorrelationKey(`github:branch:acme/api:${branch}x`)).not.toBe(key);
  });

  it("never cuts a surrogate pair in half", () => {
    for (let padding = 0; padding < 4; padding += 1) {
      const key = boundCorrelationKey(`url:${"a".repeat(padding)}${"😀".repeat(300)}`);
      expectStorable(key);
      expect(key).toMatch(/^url:a*(?:😀)+~[0-9a-f]{32}$/u);
    }
  });

  it("percent-encodes whitespace and NUL and repairs lone surrogates", () => {
    expect(boundCorrelationKey("github:branch:acme/api:a b\tc")).toBe(
      "github:branch:acme/api:a%20b%09c",
    );
    expect(boundCorrelationKey("github:branch:acme/api:a\u0000b\u3000c")).toBe(
      "github:branch:acme/api:a%00b%E3%80%80c",
    );
    expect(boundCorrelationKey("github:branch:acme/api:a\ud800b\udc00")).toBe(
      "github:branch:acme/api:a\ufffdb\ufffd",
    );
    expect(boundCorrelationKey("github:branch:acme/api:😀")).toBe("github:branch:acme/api:😀");
  });

  it("returns a storable key for any valid namespace, and is idempotent (property)", () => {
    fc.assert(
      fc.property(anyText(2_000), (value) => {
        const key = boundCorrelationKey(`github:branch:acme/api:x${value}`);
        expectStorable(key);
        expect(boundCorrelationKey(key)).toBe(key);
      }),
    );
  });
});

describe("CorrelationKeys and platformObjectKey stay within the limit", () => {
  const longUnicode = "日本語のブランチ名".repeat(120); // 1,080 characters

  it("gives GitHub and a Linear-side builder the same key for the same long branch", () => {
    const fromPush = CorrelationKeys.githubBranch("Acme/API", `refs/heads/${longUnicode}`);
    const fromLinear = CorrelationKeys.githubBranch("acme/api", longUnicode);
    expect(fromPush).toBe(fromLinear);
    expectStorable(fromPush);
  });

  it("turns a 520-character non-ASCII URL into a key the schema accepts", () => {
    const url = `https://example.com/${"é".repeat(520)}`;
    // Percent-encoding makes each "é" six characters: far past the schema's 2,048.
    expect(`url:${new URL(url).pathname}`.length).toBeGreaterThan(3_000);
    const key = CorrelationKeys.url(url);
    expectStorable(key);
    expect(key.startsWith("url:https://example.com/%C3%A9%C3%A9")).toBe(true);
    expect(CorrelationKeys.url(`${url}/`)).toBe(key);
  });

  it("keeps every builder's output storable, whatever its input (property)", () => {
    fc.assert(
      fc.property(anyText(1_500), anyText(1_500), fc.integer(), (a, b, number) => {
        const keys = [
          CorrelationKeys.linearIssue(a),
          CorrelationKeys.linearIssueId(a),
          CorrelationKeys.githubPullRequest(a, number),
          CorrelationKeys.githubIssue(a, number),
          CorrelationKeys.githubNumber(a, number),
          CorrelationKeys.githubBranch(a, b),
          CorrelationKeys.githubObject("check-run", b),
          CorrelationKeys.gitSha(a),
          CorrelationKeys.gitShortSha(a),
          ...CorrelationKeys.gitShaKeys(a),
          CorrelationKeys.slackThread(a, b),
          CorrelationKeys.slackMessage(a, b),
          CorrelationKeys.url(`https://example.com/${a}`),
          // An empty URL names nothing; callers skip it (`url ? [CorrelationKeys.url(url)] : []`).
          ...(a.trim() ? [CorrelationKeys.url(a)] : []),
        ];
        for (const key of keys) expectStorable(key);
      }),
    );
  });

  it("bounds platformObjectKey, which still refuses ids with whitespace", () => {
    const key = platformObjectKey("linear", "comment", "x".repeat(3_000));
    expectStorable(key);
    expect(key.startsWith("linear:comment:xxx")).toBe(true);
    expect(() => platformObjectKey("linear", "comment", "a b")).toThrow(/without spaces/);
  });

  it("lets an event with such keys pass validation instead of failing the delivery", () => {
    const event = correlatedEventSchema.parse({
      id: "e1",
      type: "github.push.received",
      platform: "github",
      occurredAt: new Date(0),
      receivedAt: new Date(0),
      subject: { kind: "branch", id: "b1" },
      keys: [CorrelationKeys.githubBranch("acme/api", longUnicode)],
      refs: [{ key: CorrelationKeys.url(`https://x.test/${"é".repeat(520)}`), evidence: "url" }],
    });
    expect(event.keys).toHaveLength(1);
  });
});
