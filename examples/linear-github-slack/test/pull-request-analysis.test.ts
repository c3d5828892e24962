import { setTimeout as delay } from "node:timers/promises";
import { analysisWorkflowActions } from "@contexten/analysis";
import { createEventBus, MemoryEventStore, MemoryWorkflowStore } from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { createGitHubClient } from "@contexten/github";
import { type FakeGitHubServer, startFakeGitHubPullRequest } from "@contexten/github/testing";
import { createLinearClient, createLinearIssueTracker } from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import { createMemoryRuntime, createWorkflowEngine } from "@contexten/workflows";
import { ManualClock, runUntil } from "@contexten/workflows/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { pullRequestAnalysisWorkflow } from "../src/service/analysis-workflow";

let github: FakeGitHubServer;
let linear: FakeLinearServer;

beforeEach(async () => {
  github = await startFakeGitHubPullRequest({
    baseFiles: { "src/run.ts": "export function run(code: string) {\n  return code;\n}\n" },
    headFiles: { "src/run.ts": "export function run(code: string) {\n  return eval(code);\n}\n" },
    pullRequest: {
      number: 3,
      title: "Run code",
      user: "dev",
      head: { ref: "fix" },
      files: [{ filename: "src/run.ts", status: "modified", additions: 1, deletions: 1 }],
    },
  });
  linear = await startFakeLinearServer({ seed: { teams: [{ key: "ENG", name: "Engineering" }] } });
});

afterEach(async () => {
  await github.close();
  await linear.close();
});

it("analyses a pull request on each push: check run, one comment, one Linear issue per PR", async () => {
  const clock = new ManualClock();
  const runtime = createMemoryRuntime({ clock });
  const events = new MemoryEventStore();
  const store = new MemoryWorkflowStore();
  const engine = createWorkflowEngine({
    store,
    events,
    runtime,
    bus: createEventBus(),
    actions: analysisWorkflowActions({
      client: createGitHubClient({ token: "test", baseUrl: github.url }),
      tracker: createLinearIssueTracker({
        client: createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl, env: {} }),
        defaultTeam: "ENG",
      }),
    }),
    definitions: [pullRequestAnalysisWorkflow("C0ALERTS")],
    logger: { info() {}, warn() {}, error() {} },
  });
  await engine.start();
  // One synchronize delivery through the engine, until its run finishes.
  const analysePush = async (deliveryId: string) => {
    const trigger = correlatedEventSchema.parse({
      id: deliveryId,
      type: "github.pull_request.synchronize",
      platform: "github",
      occurredAt: new Date(clock.now()),
      receivedAt: new Date(clock.now()),
      subject: { kind: "pull_request", id: "acme/api#3" },
      payload: { repository: { full_name: "acme/api" }, pull_request: { number: 3 } },
    });
    await events.append(trigger);
    const [started] = await engine.onEvent(trigger);
    // The steps talk HTTP to the fakes: let real I/O progress; no fake time needs to pass.
    const settle = () => delay(20);
    await runUntil(
      clock,
      settle,
      async () =>
        ["completed", "failed"].includes((await engine.getRun(started!.run.id))?.run.status ?? ""),
      { description: "the analysis run to finish", stepMs: 1, maxRealMs: 20_000 },
    );
    const steps = (await engine.getRun(started!.run.id))?.steps ?? [];
    expect(steps.map((step) => step.status)).toEqual(["completed", "completed"]);
    return steps[1]!.output;
  };

  expect(await analysePush("delivery-1")).toEqual({ outcome: "created", issue: "ENG-1", added: 1 });
  const repository = github.state.requireRepository("acme/api");
  const [run] = [...repository.checkRuns.values()];
  expect(
    run?.annotations.map(
      (annotation) => `${annotation.path}:${annotation.start_line} ${annotation.title}`,
    ),
  ).toEqual(["src/run.ts:2 high: js/eval", "src/run.ts:1 low: quality/untested-change"]);
  expect(repository.pullRequests.get(3)!.comments).toHaveLength(1);
  expect(linear.state.issues.map((issue) => [issue.identifier, issue.title])).toEqual([
    ["ENG-1", "Code analysis: 1 severe finding in acme/api#3"],
  ]);

  // The same code pushed again: the issue is left as it is.
  expect(await analysePush("delivery-2")).toEqual({
    outcome: "existing",
    issue: "ENG-1",
    added: 0,
  });

  // A push that adds a `new Function`: the same issue lists it.
  github.state.setContent(
    "acme/api",
    "fix",
    "src/run.ts",
    "export function run(code: string) {\n  return eval(code);\n}\nexport const compile = (code: string) => new Function(code);\n",
  );
  expect(await analysePush("delivery-3")).toEqual({ outcome: "updated", issue: "ENG-1", added: 1 });
  expect(repository.pullRequests.get(3)!.comments).toHaveLength(1);
  expect(linear.state.issues.map((issue) => issue.title)).toEqual([
    "Code analysis: 2 severe findings in acme/api#3",
  ]);
  expect(linear.state.issues[0]!.description).toContain(
    "- [ ] **high** `js/new-function` at `src/run.ts:4`",
  );
  await engine.stop?.();
});
