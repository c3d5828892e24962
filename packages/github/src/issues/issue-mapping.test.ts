import { describe, expect, it } from "vitest";
import { githubIssueStatus, toGitHubIssueFields, toGitHubState } from "./issue-mapping";
import { parseIssueReference } from "./issue-reference";
import { buildIssueSearchQuery } from "./issue-search-query";

describe("status mapping", () => {
  it("maps open/closed and state_reason to categories", () => {
    expect(githubIssueStatus("open", null).category).toBe("todo");
    expect(githubIssueStatus("open", "reopened").category).toBe("todo");
    expect(githubIssueStatus("closed", "completed")).toEqual({
      category: "done",
      native: { name: "closed (completed)" },
    });
    expect(githubIssueStatus("closed", null)).toEqual({
      category: "done",
      native: { name: "closed" },
    });
    expect(githubIssueStatus("closed", "not_planned").category).toBe("canceled");
  });

  it("maps categories and native names back, and round-trips its own names", () => {
    expect(toGitHubState("backlog")).toEqual({ state: "open" });
    expect(toGitHubState("done")).toEqual({ state: "closed", state_reason: "completed" });
    expect(toGitHubState("canceled")).toEqual({ state: "closed", state_reason: "not_planned" });
    for (const [state, reason] of [
      ["open", null],
      ["closed", "completed"],
      ["closed", "not_planned"],
    ] as const) {
      const status = githubIssueStatus(state, reason);
      expect(toGitHubState({ native: status.native.name }).state).toBe(state);
    }
    expect(() => toGitHubState({ native: "In Review" })).toThrowError(/cannot take status/);
  });

  it("turns UnifiedIssue fields into GitHub's (seed: to_github_issue)", () => {
    expect(
      toGitHubIssueFields({
        title: "T",
        description: "D",
        labels: ["bug"],
        assignees: ["alice"],
        status: { category: "canceled", native: { name: "closed (not_planned)" } },
      }),
    ).toEqual({
      title: "T",
      body: "D",
      labels: ["bug"],
      assignees: ["alice"],
      state: "closed",
      state_reason: "not_planned",
    });
    expect(toGitHubIssueFields({})).toEqual({});
  });
});

describe("parseIssueReference", () => {
  it("reads keys, URLs and numbers", () => {
    expect(parseIssueReference("Acme/API#12")).toEqual({ repository: "Acme/API", number: 12 });
    expect(parseIssueReference("https://github.com/acme/api/pull/3/files")).toEqual({
      repository: "acme/api",
      number: 3,
    });
    expect(parseIssueReference("#5", { defaultRepository: "acme/api" })).toEqual({
      repository: "acme/api",
      number: 5,
    });
    expect(
      parseIssueReference("https://ghe.acme.dev/acme/api/issues/9", {
        githubHosts: ["ghe.acme.dev"],
      }),
    ).toEqual({ repository: "acme/api", number: 9 });
    expect(() => parseIssueReference("https://example.com/acme/api/issues/9")).toThrowError(
      /not a GitHub issue/,
    );
    expect(() => parseIssueReference("acme/api#0")).toThrowError(/not a GitHub issue/);
  });
});

describe("buildIssueSearchQuery", () => {
  it("adds what GitHub can filter and quotes values with spaces", () => {
    expect(
      buildIssueSearchQuery(
        " crash ",
        { labels: ["needs triage", "bug"], assignee: "alice" },
        "acme/api",
      ),
    ).toBe('crash is:issue repo:acme/api label:"needs triage" label:bug assignee:alice');
    expect(buildIssueSearchQuery("x", { status: ["todo", "in_progress"] }, undefined)).toBe(
      "x is:issue is:open",
    );
    expect(buildIssueSearchQuery("x", { status: ["done"] }, undefined)).toBe(
      "x is:issue is:closed reason:completed",
    );
    expect(buildIssueSearchQuery("x", { status: ["done", "canceled"] }, undefined)).toBe(
      "x is:issue is:closed",
    );
    expect(buildIssueSearchQuery("x", { status: ["todo", "done"] }, undefined)).toBe("x is:issue");
  });
});
