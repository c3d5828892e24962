import { describe, expect, it } from "vitest";
import { extractReferences } from "../references/extract-references";
import { MAX_CORRELATION_KEY_BYTES } from "./bound-correlation-key";
import { CorrelationKeys } from "./correlation-keys";

const urlKeys = (text: string) =>
  extractReferences(text)
    .map((ref) => ref.key)
    .filter((key) => key.startsWith("url:"));

describe("URL keys keep the query that names the page", () => {
  it("two pages of one site that differ only in their query stay apart", () => {
    // A ticket system that names its pages by query: ticket 1 and ticket 2 are not one thing.
    const one = CorrelationKeys.url("https://support.acme.test/view.php?id=1");
    const two = CorrelationKeys.url("https://support.acme.test/view.php?id=2");
    expect(one).toBe("url:https://support.acme.test/view.php?id=1");
    expect(two).not.toBe(one);
    expect(
      urlKeys(
        "See https://support.acme.test/view.php?id=1 and https://support.acme.test/view.php?id=2",
      ),
    ).toEqual([one, two]);
  });

  it("sorts parameters, drops tracking ones, and encodes one way", () => {
    const key = "url:https://grafana.acme.test/d/api?from=now-1h&orgId=1&to=now";
    for (const url of [
      "https://grafana.acme.test/d/api?orgId=1&from=now-1h&to=now",
      "https://Grafana.ACME.test/d/api/?to=now&from=now-1h&orgId=1&utm_source=slack&utm_medium=chat",
      "https://grafana.acme.test/d/api?fbclid=IwAR0x&orgId=1&gclid=Cj0K&to=now&from=now-1h",
    ]) {
      expect(CorrelationKeys.url(url), url).toBe(key);
    }
    expect(CorrelationKeys.url("https://x.test/s?q=a%20b")).toBe(
      CorrelationKeys.url("https://x.test/s?q=a+b"),
    );
    // Only tracking parameters: as if there were no query.
    expect(
      CorrelationKeys.url("https://acme.test/blog/post?utm_campaign=launch&UTM_Source=x"),
    ).toBe("url:https://acme.test/blog/post");
    // A repeated name keeps the order of its values.
    expect(CorrelationKeys.url("https://x.test/a?b=2&a=1&b=1")).toBe(
      "url:https://x.test/a?a=1&b=2&b=1",
    );
  });

  it("drops an anchor but keeps a client-side route", () => {
    expect(CorrelationKeys.url("https://docs.acme.test/guide#install")).toBe(
      "url:https://docs.acme.test/guide",
    );
    expect(CorrelationKeys.url("https://app.acme.test/#/tickets/42")).toBe(
      "url:https://app.acme.test#/tickets/42",
    );
    expect(CorrelationKeys.url("https://app.acme.test/#!/tickets/42")).not.toBe(
      CorrelationKeys.url("https://app.acme.test/#!/tickets/43"),
    );
  });

  it("keeps a long query bounded, and distinct long queries distinct", () => {
    const long = (value: string) => `https://x.test/search?q=${value}&${"p=1&".repeat(300)}`;
    const a = CorrelationKeys.url(long("a"));
    const b = CorrelationKeys.url(long("b"));
    expect(new TextEncoder().encode(a).length).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
    expect(a).not.toBe(b);
    expect(urlKeys(long("a"))).toEqual([a]);
  });
});
