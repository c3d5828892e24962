import { createTestActionContext, MemoryNotifier } from "@contexten/core/testing";
import { createGitHubClient } from "@contexten/github";
import { type FakeGitHubServer, startFakeGitHubPullRequest } from "@contexten/github/testing";
import { createLinearClient, createLinearIssueTracker } from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ANALYSIS_COMMENT_MARKER, analysisWorkflowActions, suggestReviewers } from "../src/index";

const BASE_INDEX = `export interface ClientOptions {
  baseUrl: string;
  timeoutMs?: number;
}

export function createClient(options: ClientOptions): Client {
  return new Client(options);
}

export function legacyHelper(value: string): string {
  return value.trim();
}

export class Client {
  constructor(readonly options: ClientOptions) {}
}
`;
const HEAD_INDEX = BASE_INDEX.replace(/export function legacyHelper[\s\S]*?\n}\n\n/, "");
const BASE_SESSION = `export function readSession(cookie: string): Record<string, unknown> {
  return JSON.parse(decodeURIComponent(cookie));
}
`;
const HEAD_SESSION = `const SERVICE_TOKEN = "ghp_R8vJ2kQw7LmN4pXs9TbY3cHd6FgZ1aEu5WoK";

export function readSession(cookie: string): Record<string, unknown> {
  return eval("(" + decodeURIComponent(cookie) + ")");
}

export function serviceHeaders() {
  return { authorization: \`token \${SERVICE_TOKEN}\` };
}
`;
const CODEOWNERS = `# Default owners
*             @acme/platform
src/auth/**   @alice
`;

let github: FakeGitHubServer;
let linear: FakeLinearServer;

beforeEach(async () => {
  github = await startFakeGitHubPullRequest({
    codeowners: CODEOWNERS,
    baseFiles: { "src/index.ts": BASE_INDEX, "src/auth/session.ts": BASE_SESSION },
    headFiles: { "src/index.ts": HEAD_INDEX, "src/auth/session.ts": HEAD_SESSION },
    pullRequest: {
      number: 7,
      title: "Read sessions faster",
      user: "mallory",
      head: { ref: "feature/session", sha: "a".repeat(40) },
      files: [
        { filename: "src/auth/session.ts", status: "modified", additions: 8, deletions: 1 },
        { filename: "src/index.ts", status: "modified", additions: 0, deletions: 4 },
      ],
    },
    more: {
      commits: [
        { author: "mallory", paths: ["src/auth/session.ts"], message: "wip" },
        { author: "bob", paths: ["src/auth/session.ts"], message: "Harden cookies" },
        { author: "dependabot[bot]", paths: ["src/index.ts"], message: "Bump deps" },
        { author: "bob", paths: ["src/auth/session.ts", "src/index.ts"], message: "Sessions" },
        { author: "carol", paths: ["src/index.ts"], message: "Client options" },
      ],
      pullRequests: [
        {
          number: 8,
          title: "Another change",
          user: "dave",
          head: { ref: "other" },
          requestedReviewers: ["carol", "erin"],
        },
      ],
    },
  });
  linear = await startFakeLinearServer({ seed: { teams: [{ key: "SEC", name: "Security" }] } });
});

afterEach(async () => {
  await github.close();
  await linear.close();
});

describe("a pull request through the fake GitHub", () => {
  it("ends with a check run, one updated comment, reviewers with reasons and deduplicated issues", async () => {
    const client = createGitHubClient({ token: "test", baseUrl: github.url });
    const tracker = createLinearIssueTracker({
      client: createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl, env: {} }),
      defaultTeam: "SEC",
    });
    const notifier = new MemoryNotifier();
    const actions = analysisWorkflowActions({ client, tracker, notifier });
    const analyze = actions.find((action) => action.name === "analysis.analyzePullRequest")!;
    const createIssues = actions.find((action) => action.name === "analysis.createIssues")!;
    const repository = github.state.requireRepository("acme/api");

    const first = (await analyze.run(
      analyze.input.parse({ repository: "acme/api", number: 7, notify: "C0SECURITY" }),
      createTestActionContext(),
    )) as {
      findings: { ruleId: string; file: string; line: number; severity: string }[];
      reviewers: string[];
      checkRunId: number;
      commentId: number;
    };
    expect(first.findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      "critical secret/github src/auth/session.ts:1",
      "high js/eval src/auth/session.ts:4",
      "medium api/export-removed src/index.ts:10",
      "low quality/untested-change src/auth/session.ts:1",
    ]);

    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({
      result: { recipient: "C0SECURITY" },
      notification: {
        title: "Analysis of acme/api#7",
        priority: "critical",
        url: "https://github.com/acme/api/pull/7",
      },
    });
    expect(notifier.sent[0]!.notification.message).toMatch(
      /^Analysed 2 of 2 changed files \(\d+ lines\)\. 4 findings \(1 critical, 1 high, 1 medium, 1 low\)/,
    );

    const run = repository.checkRuns.get(first.checkRunId)!;
    expect(run).toMatchObject({
      headSha: "a".repeat(40),
      status: "completed",
      conclusion: "failure",
    });
    expect(
      run.annotations.map((a) => `${a.annotation_level} ${a.path}:${a.start_line} ${a.title}`),
    ).toEqual([
      "failure src/auth/session.ts:1 critical: secret/github",
      "failure src/auth/session.ts:4 high: js/eval",
      "warning src/index.ts:10 medium: api/export-removed",
      "notice src/auth/session.ts:1 low: quality/untested-change",
    ]);

    // Reviewers: CODEOWNERS (last match wins: alice for src/auth, the team for the rest),
    // recent authors without the author and bots, carol lowered by her open request.
    const reviewers = await suggestReviewers({ repository: "acme/api", number: 7 }, { client });
    expect(reviewers.map((r) => [r.login, r.score, r.reasons])).toEqual([
      ["acme/platform", 10, ["owns `*` (.github/CODEOWNERS line 2): src/index.ts"]],
      ["alice", 10, ["owns `src/auth/**` (.github/CODEOWNERS line 3): src/auth/session.ts"]],
      ["bob", 6, ["3 recent commits to src/auth/session.ts, src/index.ts"]],
      ["carol", 1, ["1 recent commit to src/index.ts", "1 open review request elsewhere"]],
    ]);
    expect(first.reviewers).toEqual(["acme/platform", "alice", "bob", "carol"]);

    const pull = repository.pullRequests.get(7)!;
    expect(pull.comments).toHaveLength(1);
    expect(pull.comments[0]!.body).toContain(ANALYSIS_COMMENT_MARKER);
    expect(pull.comments[0]!.body).toContain("## Analysis of aaaaaaa");
    expect(pull.comments[0]!.body).not.toContain("R8vJ2kQw7LmN4pXs9TbY3cHd6FgZ1aEu5WoK");

    const issues = await createIssues.run(
      createIssues.input.parse({ repository: "acme/api", number: 7, findings: first.findings }),
      createTestActionContext(),
    );
    expect(issues).toEqual({ outcome: "created", issue: "SEC-1", added: 2 });
    expect(linear.state.issues).toHaveLength(1);
    const [issue] = linear.state.issues;
    expect(issue!.title).toBe("Code analysis: 2 severe findings in acme/api#7");
    expect(issue!.priority).toBe(1); // urgent: the leaked secret is critical
    expect(issue!.description.split("\n")).toEqual([
      "Code analysis of [acme/api#7](https://github.com/acme/api/pull/7) found these high or more severe findings. Check each one off once it is fixed.",
      "",
      expect.stringMatching(
        /^- \[ \] \*\*critical\*\* `secret\/github` at `src\/auth\/session\.ts:1`: A secret was added/,
      ),
      "  Fix: Revoke the credential now (it is in the history), then load it from the environment or a secret store.",
      expect.stringMatching(/^ {2}Finding: `contexten-finding-[0-9a-f]{20}`$/),
      "- [ ] **high** `js/eval` at `src/auth/session.ts:4`: `eval` runs a string as code; anyone who controls the string controls the process.",
      "  Fix: Parse data with JSON.parse, or look values up in a map instead of evaluating code.",
      expect.stringMatching(/^ {2}Finding: `contexten-finding-[0-9a-f]{20}`$/),
      "",
      expect.stringMatching(/^Pull request: `contexten-analysis-[0-9a-f]{20}`$/),
    ]);
    expect(issue!.description).not.toContain("R8vJ2kQw7LmN4pXs9TbY3cHd6FgZ1aEu5WoK");

    // A second push: new head commit, the code moved down two lines.
    pull.head.sha = "b".repeat(40);
    github.state.setContent(
      "acme/api",
      "feature/session",
      "src/auth/session.ts",
      `// Sessions\n\n${HEAD_SESSION}`,
    );
    const second = (await analyze.run(
      analyze.input.parse({ repository: "acme/api", number: 7 }),
      createTestActionContext(),
    )) as typeof first;
    expect(second.commentId).toBe(first.commentId);
    expect(pull.comments).toHaveLength(1);
    expect(pull.comments[0]!.body).toContain("## Analysis of bbbbbbb");
    expect(second.findings.find((f) => f.ruleId === "js/eval")!.line).toBe(6);
    expect(repository.checkRuns.get(second.checkRunId)!.headSha).toBe("b".repeat(40));

    // No new finding: the one issue stays as it is.
    const createdDescription = issue!.description;
    const again = await createIssues.run(
      createIssues.input.parse({ repository: "acme/api", number: 7, findings: second.findings }),
      createTestActionContext(),
    );
    expect(again).toEqual({ outcome: "existing", issue: "SEC-1", added: 0 });
    expect(linear.state.issues).toHaveLength(1);
    expect(issue!.description).toBe(createdDescription);

    // Someone checks the eval item off; a third push adds a `new Function`.
    issue!.description = issue!.description.replace(
      "- [ ] **high** `js/eval`",
      "- [x] **high** `js/eval`",
    );
    pull.head.sha = "c".repeat(40);
    github.state.setContent(
      "acme/api",
      "feature/session",
      "src/auth/session.ts",
      `// Sessions\n\n${HEAD_SESSION}\nexport const compile = (source: string) => new Function(source);\n`,
    );
    const third = (await analyze.run(
      analyze.input.parse({ repository: "acme/api", number: 7 }),
      createTestActionContext(),
    )) as typeof first;
    const updated = await createIssues.run(
      createIssues.input.parse({ repository: "acme/api", number: 7, findings: third.findings }),
      createTestActionContext(),
    );
    expect(updated).toEqual({ outcome: "updated", issue: "SEC-1", added: 1 });
    expect(linear.state.issues).toHaveLength(1);
    expect(issue!.title).toBe("Code analysis: 3 severe findings in acme/api#7");
    const lines = issue!.description.split("\n");
    expect(lines.filter((line) => line.startsWith("- ["))).toEqual([
      expect.stringMatching(
        /^- \[ \] \*\*critical\*\* `secret\/github` at `src\/auth\/session\.ts:1`/,
      ),
      "- [x] **high** `js/eval` at `src/auth/session.ts:4`: `eval` runs a string as code; anyone who controls the string controls the process.",
      "- [ ] **high** `js/new-function` at `src/auth/session.ts:13`: `new Function` compiles a string into code, like `eval`.",
    ]);
    expect(lines.at(-1)).toBe(createdDescription.split("\n").at(-1));

    // The same findings once more: nothing changes.
    const updatedDescription = issue!.description;
    const fourth = await createIssues.run(
      createIssues.input.parse({ repository: "acme/api", number: 7, findings: third.findings }),
      createTestActionContext(),
    );
    expect(fourth).toEqual({ outcome: "existing", issue: "SEC-1", added: 0 });
    expect(issue!.description).toBe(updatedDescription);
    expect(linear.state.issues).toHaveLength(1);
  });

  it("caps a 3,000-file pull request with a note and reads only what it analyses", async () => {
    const files = Array.from({ length: 3000 }, (_, index) => ({
      filename: `src/generated/file-${String(index).padStart(4, "0")}.ts`,
      status: "added" as const,
      additions: 1,
      deletions: 0,
    }));
    github.state.addPullRequest("acme/api", {
      number: 9,
      title: "Generated code",
      head: { ref: "generated" },
      files,
    });
    for (const file of files.slice(0, 3000)) {
      github.state.setContent("acme/api", "generated", file.filename, "export const x = 1;\n");
    }
    const client = createGitHubClient({ token: "test", baseUrl: github.url });
    const analyze = analysisWorkflowActions({ client }).find(
      (action) => action.name === "analysis.analyzePullRequest",
    )!;
    const before = github.requests.length;
    const result = (await analyze.run(
      analyze.input.parse({ repository: "acme/api", number: 9, publish: false, maxFiles: 25 }),
      createTestActionContext(),
    )) as { summary: string; counts: { notes: number } };
    expect(result.summary).toMatch(/^Analysed 25 of 3000 changed files \(25 lines\)\./);
    expect(result.counts.notes).toBe(1);
    const contentReads = github.requests
      .slice(before)
      .filter((request) => decodeURIComponent(request.path).includes("/contents/src/generated/"));
    expect(contentReads).toHaveLength(25);
  }, 60_000);
});
