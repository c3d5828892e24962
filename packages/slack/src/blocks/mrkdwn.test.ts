import { describe, expect, it } from "vitest";
import {
  escapeMrkdwn,
  markdownToMrkdwn,
  markdownToPlainText,
  splitText,
  truncateText,
} from "./mrkdwn";

describe("escapeMrkdwn", () => {
  it("escapes &, < and > so input cannot form links or mentions", () => {
    expect(escapeMrkdwn("<!channel> a & b <https://evil|click>")).toBe(
      "&lt;!channel&gt; a &amp; b &lt;https://evil|click&gt;",
    );
  });
});

describe("markdownToMrkdwn", () => {
  it("converts links, bold, strike and headings after escaping", () => {
    expect(
      markdownToMrkdwn(
        "# Deploy\n**done** & ~~late~~ see [PR #42](https://github.com/acme/api/pull/42)",
      ),
    ).toBe("*Deploy*\n*done* &amp; ~late~ see <https://github.com/acme/api/pull/42|PR #42>");
  });

  it("leaves code alone", () => {
    expect(markdownToMrkdwn("run `a **b**` then\n```\n**x** <y>\n```")).toBe(
      "run `a **b**` then\n```\n**x** &lt;y&gt;\n```",
    );
  });

  it("keeps a pipe in a link label from ending the label", () => {
    expect(markdownToMrkdwn("[a|b](https://x.test)")).toBe("<https://x.test|a¦b>");
  });
});

describe("truncateText", () => {
  it("returns short text unchanged", () => {
    expect(truncateText("short", 10)).toBe("short");
  });

  it("cuts to the limit with an ellipsis", () => {
    const cut = truncateText("a".repeat(200), 150);
    expect(cut).toHaveLength(150);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("never cuts an entity, a link or a surrogate pair in half", () => {
    expect(truncateText("abc &amp; def", 8)).toBe("abc…");
    expect(truncateText("see <https://example.com/long|x> now", 15)).toBe("see…");
    expect(truncateText("ab😀cd", 4)).toBe("ab…");
  });
});

describe("splitText", () => {
  it("splits at paragraph breaks first, each piece within the limit", () => {
    const text = `${"a".repeat(60)}\n\n${"b".repeat(60)}\n\n${"c".repeat(60)}`;
    const pieces = splitText(text, 100);
    expect(pieces).toEqual(["a".repeat(60), "b".repeat(60), "c".repeat(60)]);
  });

  it("splits long words hard but keeps every character", () => {
    const text = "x".repeat(250);
    const pieces = splitText(text, 100);
    expect(pieces.every((piece) => piece.length <= 100)).toBe(true);
    expect(pieces.join("")).toBe(text);
  });

  it("closes and reopens a code block that spans two pieces", () => {
    const code = Array.from({ length: 30 }, (_, index) => `line ${index}`).join("\n");
    const pieces = splitText("```\n" + code + "\n```", 120);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(120);
      expect(piece.split("```").length % 2).toBe(1);
    }
    expect(pieces.join("\n").replace(/```\n?/g, "")).toContain("line 29");
  });

  it("does not break a Slack link across pieces", () => {
    const link = "<https://github.com/acme/api/pull/42|the pull request>";
    const pieces = splitText(`${"word ".repeat(15)}${link} tail`, 90);
    expect(pieces.some((piece) => piece.includes(link))).toBe(true);
  });
});

describe("markdownToPlainText", () => {
  it("keeps link targets and drops markup", () => {
    expect(markdownToPlainText("# Title\n**bold** [PR](https://x.test/1)")).toBe(
      "Title\nbold PR (https://x.test/1)",
    );
  });
});
