import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractBranchReferences } from "./extract-branch-references";
import { findBranchIdentifiers, NON_TEAM_KEYS, parseLinearIdentifier } from "./linear-identifiers";
import { parseGitHubUrl, parseLinearIssueUrl, parseSlackPermalink } from "./platform-urls";

describe("findBranchIdentifiers", () => {
  const cases: [string, string[], string[]?][] = [
    ["eng-123-fix-login", ["ENG-123"]],
    ["feature/ENG-123", ["ENG-123"]],
    ["user/eng-123", ["ENG-123"]],
    ["refs/heads/ada/eng-123-fix-login", ["ENG-123"]],
    ["ENG-123_fix", ["ENG-123"]],
    ["eng-123/eng-124-follow-up", ["ENG-123", "ENG-124"]],
    ["fix-login-123", []],
    ["release-2024", []],
    ["feature/utf-8-support", []],
    ["main", []],
    ["dependabot/npm_and_yarn/zod-4.1.0", []],
    ["renovate/eslint-9", []],
    ["ada/zod-4.1-upgrade", []],
    ["fix-eng-5", [], undefined],
    ["fix-eng-5", ["ENG-5"], ["ENG"]],
    ["ops-7-and-eng-8", ["OPS-7", "ENG-8"], ["eng", "ops"]],
    ["login-123", [], ["ENG"]],
  ];
  it.each(cases)("%s (teams %j)", (branch, expected, teams) => {
    expect(findBranchIdentifiers(branch, teams ? { teams } : {})).toEqual(expected);
  });

  it("finds any identifier that opens a segment, in any case (property)", () => {
    const team = fc
      .stringMatching(/^[a-z]{1,7}$/)
      .filter((key) => !NON_TEAM_KEYS.has(key.toUpperCase()));
    fc.assert(
      fc.property(
        fc.constantFrom("", "feature/", "ada/", "users/ada/"),
        team,
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom("", "-fix-login", "_wip", ".v2"),
        fc.boolean(),
        (prefix, key, number, suffix, upper) => {
          const id = `${upper ? key.toUpperCase() : key}-${number}`;
          expect(findBranchIdentifiers(`${prefix}${id}${suffix}`)).toEqual([
            `${key.toUpperCase()}-${number}`,
          ]);
        },
      ),
    );
  });
});

describe("extractBranchReferences", () => {
  it("returns the branch key and the issues it names, all with branch evidence", () => {
    expect(extractBranchReferences("refs/heads/eng-123-fix-login", "Acme/API")).toEqual([
      {
        key: "github:branch:acme/api:eng-123-fix-login",
        evidence: "branch",
        field: "branch",
        excerpt: "eng-123-fix-login",
      },
      {
        key: "linear:issue:ENG-123",
        evidence: "branch",
        field: "branch",
        excerpt: "eng-123-fix-login",
      },
    ]);
    expect(
      extractBranchReferences("eng-1", "acme/api", { includeBranchKey: false, field: "head.ref" }),
    ).toEqual([
      { key: "linear:issue:ENG-1", evidence: "branch", field: "head.ref", excerpt: "eng-1" },
    ]);
    expect(extractBranchReferences("  ", "acme/api")).toEqual([]);
  });
});

describe("parseLinearIdentifier", () => {
  it("applies the documented rule per context", () => {
    expect(parseLinearIdentifier("ENG-123")).toBe("ENG-123");
    expect(parseLinearIdentifier("eng-123")).toBeUndefined();
    expect(parseLinearIdentifier("eng-123", {}, "keyword")).toBe("ENG-123");
    expect(parseLinearIdentifier("UTF-8", {}, "branch")).toBeUndefined();
    expect(parseLinearIdentifier("A1-5")).toBeUndefined();
    expect(parseLinearIdentifier("A1-5", { teams: ["a1"] })).toBe("A1-5");
    expect(parseLinearIdentifier("ENG-0123")).toBeUndefined();
    expect(parseLinearIdentifier("ENGINEER-1")).toBeUndefined();
  });
});

describe("platform URLs", () => {
  it("reads GitHub pull request, issue and commit URLs", () => {
    expect(parseGitHubUrl("https://github.com/Acme/API/pull/42#discussion_r1")).toEqual({
      kind: "pull_request",
      repository: "acme/api",
      number: 42,
    });
    expect(parseGitHubUrl("https://github.com/acme/api/issues/7?x=1")).toEqual({
      kind: "issue",
      repository: "acme/api",
      number: 7,
    });
    expect(parseGitHubUrl("https://github.com/acme/api/commit/ABC1234")).toEqual({
      kind: "commit",
      repository: "acme/api",
      sha: "abc1234",
    });
    for (const url of [
      "https://github.com/acme/api",
      "https://github.com/acme/api/pull/abc",
      "https://github.com/acme/api/pull/0",
      "https://github.com/acme/api/tree/main",
      "https://gitlab.com/acme/api/pull/1",
      "ftp://github.com/acme/api/pull/1",
      "not a url",
    ]) {
      expect(parseGitHubUrl(url)).toBeUndefined();
    }
  });

  it("reads Linear issue URLs", () => {
    expect(parseLinearIssueUrl("https://linear.app/acme/issue/eng-123/fix-login")).toEqual({
      workspace: "acme",
      identifier: "ENG-123",
    });
    expect(parseLinearIssueUrl("https://linear.app/acme/project/eng-123")).toBeUndefined();
    expect(parseLinearIssueUrl("https://linear.app/acme/issue/not-an-id")).toBeUndefined();
    expect(parseLinearIssueUrl("https://example.com/acme/issue/ENG-1")).toBeUndefined();
  });

  it("reads Slack permalinks, with and without thread_ts", () => {
    expect(parseSlackPermalink("https://acme.slack.com/archives/C123/p1700000000000100")).toEqual({
      workspace: "acme",
      channel: "C123",
      ts: "1700000000.000100",
    });
    expect(
      parseSlackPermalink(
        "https://acme.enterprise.slack.com/archives/G0AB/p1700000000000100?thread_ts=1699999999.000050&cid=G0AB",
      ),
    ).toEqual({
      workspace: "acme",
      channel: "G0AB",
      ts: "1700000000.000100",
      threadTs: "1699999999.000050",
    });
    for (const url of [
      "https://acme.slack.com/archives/C123",
      "https://acme.slack.com/archives/c123/p1700000000000100",
      "https://acme.slack.com/messages/C123/p1700000000000100",
      "https://slack.example.com/archives/C123/p1700000000000100",
    ]) {
      expect(parseSlackPermalink(url)).toBeUndefined();
    }
  });
});
