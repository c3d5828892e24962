import fc from "fast-check";
import { analyse } from "scslre";
import { describe, expect, it } from "vitest";
import { SLACK_ENTITY_PATTERN, slackTextToPlain } from "../webhooks/slack-text";
import {
  HEADING_PATTERN,
  MARKDOWN_LINK_PATTERN,
  markdownToMrkdwn,
  markdownToPlainText,
  splitText,
  truncateText,
} from "./mrkdwn";

const superLinearReports = (pattern: RegExp) =>
  analyse({ source: pattern.source, flags: pattern.flags }).reports.map((report) => report.type);

describe("Slack text patterns are linear", () => {
  it.each([
    ["MARKDOWN_LINK_PATTERN", MARKDOWN_LINK_PATTERN],
    ["HEADING_PATTERN", HEADING_PATTERN],
    ["SLACK_ENTITY_PATTERN", SLACK_ENTITY_PATTERN],
  ])("%s has no super-linear report", (_name, pattern) => {
    expect(superLinearReports(pattern)).toEqual([]);
  });

  it("flags the former link and heading patterns (the check can fail)", () => {
    expect(superLinearReports(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g)).not.toEqual([]);
    expect(superLinearReports(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm)).not.toEqual([]);
  });

  const MIB = 1 << 20;
  const texts: [string, string][] = [
    ["open brackets", "[".repeat(MIB)],
    ["unclosed links", "[a](http://x".repeat(MIB / 12)],
    ["a heading padded with spaces", `# a${" ".repeat(MIB)}b`],
    ["headings of spaces and hashes", "# #  # \n".repeat(MIB / 8)],
    ["open Slack entities", "<".repeat(MIB)],
    ["unclosed emphasis", "**a".repeat(MIB / 3)],
    ["open code fences", "```a".repeat(MIB / 4)],
  ];
  // No timing: quadratic work on 1 MiB would not finish within the test timeout.
  it.each(texts)("converts 1 MiB of %s", (_name, text) => {
    expect(markdownToMrkdwn(text).length).toBeGreaterThan(0);
    expect(markdownToPlainText(text).length).toBeGreaterThan(0);
    expect(slackTextToPlain(text).length).toBeGreaterThan(0);
    expect(truncateText(text, 3_000).length).toBeLessThanOrEqual(3_000);
    expect(splitText(text, 40_000).every((piece) => piece.length <= 40_000)).toBe(true);
  });
});

describe("headings and links read as before", () => {
  // The rest of the former conversion for this alphabet: bold first, then headings.
  const former = (text: string) =>
    text.replace(/\*\*([^*\n]+)\*\*/g, "*$1*").replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, "*$1*");

  it("converts headings exactly as the former pattern did (property)", () => {
    const line = fc
      .array(fc.constantFrom("#", " ", "\t", "a", "b c", "\n", "\r", "\u2028", "*"), {
        maxLength: 20,
      })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(line, (text) => {
        expect(markdownToMrkdwn(text)).toBe(former(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("converts links, now also with one balanced pair of parentheses", () => {
    expect(markdownToMrkdwn("[Go](https://en.wikipedia.org/wiki/Go_(language))")).toBe(
      "<https://en.wikipedia.org/wiki/Go_(language)|Go>",
    );
    expect(markdownToPlainText("[x](https://a.test/b) and [[y](https://a.test/c)")).toBe(
      "x (https://a.test/b) and [y (https://a.test/c)",
    );
  });
});
