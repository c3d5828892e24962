import { createGitHubClient, createGitHubIssueTracker } from "@contexten/github";
import { type FakeGitHubServer, startFakeGitHubServer } from "@contexten/github/testing";
import { createLinearClient, createLinearIssueTracker } from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIssuesFromAnalysis, type Finding, fingerprintOf } from "../src/index";

function finding(ruleId: string, severity: Finding["severity"], line: number): Finding {
  return {
    category: "security",
    ruleId,
    severity,
    file: "src/app.ts",
    line,
    message: `${ruleId} found.`,
    fixHint: `Fix ${ruleId}.`,
    fingerprint: fingerprintOf({
      repository: "acme/api",
      ruleId,
      file: "src/app.ts",
      code: ruleId,
    }),
  };
}

const pr = { repository: "acme/api", number: 12 };

describe("one issue per pull request in Linear", () => {
  let linear: FakeLinearServer;
  beforeEach(async () => {
    linear = await startFakeLinearServer({ seed: { teams: [{ key: "SEC", name: "Security" }] } });
  });
  afterEach(() => linear.close());
  const tracker = () =>
    createLinearIssueTracker({
      client: createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl, env: {} }),
      defaultTeam: "SEC",
    });

  it("files nothing without severe findings, then raises the priority when a worse one arrives", async () => {
    const medium = finding("js/inner-html", "medium", 3);
    const none = await createIssuesFromAnalysis({ ...pr, findings: [medium] }, tracker());
    expect(none).toMatchObject({ outcome: "none", added: [] });
    expect(none.issue).toBeUndefined();
    expect(linear.state.issues).toHaveLength(0);

    const high = finding("js/eval", "high", 5);
    const created = await createIssuesFromAnalysis({ ...pr, findings: [medium, high] }, tracker());
    expect(created.outcome).toBe("created");
    expect(created.added.map((f) => f.ruleId)).toEqual(["js/eval"]);
    expect(linear.state.issues.map((issue) => [issue.title, issue.priority])).toEqual([
      ["Code analysis: 1 severe finding in acme/api#12", 2],
    ]);
    expect(linear.state.issues[0]!.description).not.toContain("js/inner-html");

    const critical = finding("secret/aws", "critical", 1);
    const updated = await createIssuesFromAnalysis(
      { ...pr, findings: [critical, high, medium] },
      tracker(),
    );
    expect(updated.outcome).toBe("updated");
    expect(updated.issue?.key).toBe("SEC-1");
    expect(updated.added.map((f) => f.ruleId)).toEqual(["secret/aws"]);
    expect(linear.state.issues.map((issue) => [issue.title, issue.priority])).toEqual([
      ["Code analysis: 2 severe findings in acme/api#12", 1],
    ]);
  });

  it("keeps pull requests apart: another number gets its own issue", async () => {
    const high = finding("js/eval", "high", 5);
    await createIssuesFromAnalysis({ ...pr, findings: [high] }, tracker());
    const other = await createIssuesFromAnalysis(
      { ...pr, number: 13, findings: [high] },
      tracker(),
    );
    expect(other.outcome).toBe("created");
    expect(linear.state.issues.map((issue) => issue.title)).toEqual([
      "Code analysis: 1 severe finding in acme/api#12",
      "Code analysis: 1 severe finding in acme/api#13",
    ]);
  });
});

describe("one issue per pull request in GitHub Issues", () => {
  let github: FakeGitHubServer;
  beforeEach(async () => {
    github = await startFakeGitHubServer({
      rateLimit: false,
      repositories: [{ fullName: "acme/api" }, { fullName: "acme/security" }],
    });
  });
  afterEach(() => github.close());

  it("reopens a closed issue when a new finding arrives, and leaves it be otherwise", async () => {
    const tracker = createGitHubIssueTracker({
      client: createGitHubClient({ token: "test", baseUrl: github.url }),
    });
    const options = { container: "acme/security" };
    const high = finding("js/eval", "high", 5);
    const created = await createIssuesFromAnalysis({ ...pr, findings: [high] }, tracker, options);
    expect(created.outcome).toBe("created");
    expect(created.issue?.key).toBe("acme/security#1");
    const stored = github.state.requireRepository("acme/security").issues.get(1)!;
    expect(stored.body).toContain(
      "- [ ] **high** `js/eval` at `src/app.ts:5`: js/eval found.\n  Fix: Fix js/eval.",
    );
    expect(stored.body).toContain("[acme/api#12](https://github.com/acme/api/pull/12)");

    stored.state = "closed";
    stored.stateReason = "completed";
    const same = await createIssuesFromAnalysis({ ...pr, findings: [high] }, tracker, options);
    expect(same.outcome).toBe("existing");
    expect(stored.state).toBe("closed");

    const subprocess = finding("js/child-process-interpolation", "high", 9);
    const reopened = await createIssuesFromAnalysis(
      { ...pr, findings: [high, subprocess] },
      tracker,
      options,
    );
    expect(reopened.outcome).toBe("updated");
    expect(stored.state).toBe("open");
    expect(stored.title).toBe("Code analysis: 2 severe findings in acme/api#12");
    expect(stored.body).toContain("`js/child-process-interpolation` at `src/app.ts:9`");
    expect(github.state.requireRepository("acme/security").issues.size).toBe(1);
  });
});
