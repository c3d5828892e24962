import { describe, expect, it } from "vitest";
import {
  compileEventPattern,
  eventPatternSchema,
  matchesEventPattern,
  matchesTypeGlob,
} from "./event-pattern";

const event = {
  type: "github.pull_request.opened",
  platform: "github",
  payload: {
    action: "opened",
    pull_request: { draft: false, base: { ref: "main" }, title: "Fix ENG-1" },
  },
};

describe("type globs", () => {
  it.each([
    ["github.pull_request.opened", true],
    ["github.pull_request.*", true],
    ["github.*.opened", true],
    ["github.*", false],
    ["github.**", true],
    ["**.opened", true],
    ["**", true],
    ["github.**.opened", true],
    ["github.pull_request.opened.**", true],
    ["slack.**", false],
    ["github.pull_request.closed", false],
    ["github.pull_request", false],
  ])("%s → %s", (glob, expected) => {
    expect(matchesTypeGlob(glob, event.type)).toBe(expected);
  });

  it("does not treat other characters as wildcards", () => {
    expect(matchesTypeGlob("github.pull-request.*", "github.pull-request.x")).toBe(true);
    expect(matchesTypeGlob("github.pull-request.*", "github.pullXrequest.x")).toBe(false);
  });
});

describe("event patterns", () => {
  it("combine type, platform and payload matchers with AND, lists with OR", () => {
    expect(
      matchesEventPattern(
        { type: ["slack.**", "github.pull_request.*"], platform: "github" },
        event,
      ),
    ).toBe(true);
    expect(matchesEventPattern({ type: "github.**", platform: ["slack", "linear"] }, event)).toBe(
      false,
    );
    expect(
      matchesEventPattern(
        { payload: { "pull_request.draft": false, action: { in: ["opened", "reopened"] } } },
        event,
      ),
    ).toBe(true);
    expect(
      matchesEventPattern({ payload: { "pull_request.base.ref": { notEquals: "main" } } }, event),
    ).toBe(false);
    expect(
      matchesEventPattern({ payload: { "pull_request.merged_at": { exists: false } } }, event),
    ).toBe(true);
    expect(
      matchesEventPattern({ payload: { "pull_request.title": { matches: "ENG-\\d+" } } }, event),
    ).toBe(true);
    expect(
      matchesEventPattern({ payload: { "pull_request.title": { matches: "^WIP" } } }, event),
    ).toBe(false);
    expect(compileEventPattern({})(event)).toBe(true);
  });

  it("reject malformed patterns with clear messages", () => {
    const result = eventPatternSchema.safeParse({
      type: "github.pull request.*",
      payload: { x: { matches: "(" } },
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    expect(
      messages.some((message) => message.startsWith("type:") && message.includes("dot-separated")),
    ).toBe(true);
    expect(eventPatternSchema.safeParse({ typ: "github.*" }).success).toBe(false);
  });
});
