import { ContextenError } from "@contexten/core";
import { afterEach, expect, it } from "vitest";
import { type GitHubHarness, START, startGitHubHarness } from "../__fixtures__/github-harness";

let harness: GitHubHarness;
afterEach(() => harness.close());

const seed = (options: { runDelayMs?: number; dispatchCreatesRun?: boolean } = {}) => ({
  repositories: [
    {
      fullName: "acme/api",
      workflows: [{ id: 9, path: "deploy.yml", ...options }],
      // Someone else's dispatch a few seconds earlier: must not be mistaken for ours.
      workflowRuns: [
        { workflow: 9, event: "workflow_dispatch", headBranch: "main", createdAt: START - 5_000 },
      ],
    },
  ],
});

it("dispatches and finds the run it created by polling (204, no run id)", async () => {
  harness = await startGitHubHarness(seed({ runDelayMs: 5_000 }));
  const client = harness.client();
  const run = await harness.finish(
    client.triggerWorkflow({
      repository: "acme/api",
      workflow: "deploy.yml",
      ref: "main",
      inputs: { environment: "staging" },
      pollIntervalMs: 1_000,
    }),
  );

  const created = harness.github.state.requireRepository("acme/api").workflowRuns[1]!;
  expect(run.id).toBe(created.id);
  expect(run.event).toBe("workflow_dispatch");
  expect(created.inputs).toEqual({ environment: "staging" });
  const dispatch = harness.github.server.requestsTo(
    "POST",
    "/repos/acme/api/actions/workflows/:w/dispatches",
  );
  expect(dispatch).toHaveLength(1);
  expect(dispatch[0]!.status).toBe(204);
  expect(dispatch[0]!.body).toEqual({ ref: "main", inputs: { environment: "staging" } });
  const polls = harness.github.server.requestsTo(
    "GET",
    "/repos/acme/api/actions/workflows/:w/runs",
  );
  expect(polls[0]!.query).toMatchObject({ event: "workflow_dispatch", branch: "main" });
  // One list before the dispatch, then a poll a second until the run shows up after 5 s;
  // the unchanged polls are 304s, free of budget.
  expect(polls.map((poll) => poll.status)).toEqual([200, 304, 304, 304, 304, 304, 200]);
  expect(polls.at(-1)!.timestamp - START).toBe(5_000);
});

it("uses the run id when GitHub returns it (return_run_details)", async () => {
  harness = await startGitHubHarness({ ...seed(), dispatchReturnsRunDetails: true });
  const run = await harness.finish(
    harness.client().triggerWorkflow({
      repository: "acme/api",
      workflow: 9,
      ref: "refs/heads/main",
      returnRunDetails: true,
    }),
  );
  expect(run.id).toBe(harness.github.state.requireRepository("acme/api").workflowRuns[1]!.id);
  expect(harness.github.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
    "POST 200",
    "GET 200",
  ]);
});

it("gives two concurrent dispatches two different runs", async () => {
  harness = await startGitHubHarness(seed({ runDelayMs: 2_000 }));
  const client = harness.client();
  const trigger = () =>
    client.triggerWorkflow({
      repository: "acme/api",
      workflow: 9,
      ref: "main",
      pollIntervalMs: 500,
    });
  const [first, second] = await harness.finish(Promise.all([trigger(), trigger()]));
  expect(first.id).not.toBe(second.id);
  const created = harness.github.state.requireRepository("acme/api").workflowRuns.slice(1);
  expect([first.id, second.id].sort()).toEqual(created.map((run) => run.id).sort());
});

it("gives up after timeoutMs with workflow_run_timeout when no run appears", async () => {
  harness = await startGitHubHarness(seed({ dispatchCreatesRun: false }));
  let settledAt: number | undefined;
  const pending = harness
    .client()
    .triggerWorkflow({ repository: "acme/api", workflow: 9, ref: "main", timeoutMs: 10_000 })
    .finally(() => {
      settledAt = Date.now();
    });
  const error = await harness.finish(pending).catch((caught: unknown) => caught);
  expect(ContextenError.isInstance(error)).toBe(true);
  expect((error as ContextenError).code).toBe("workflow_run_timeout");
  expect((error as Error).message).toContain("timeoutMs");
  expect(settledAt! - START).toBeLessThanOrEqual(10_000);
  expect(settledAt! - START).toBeGreaterThanOrEqual(8_000);
});

it("is a NotFoundError for an unknown workflow", async () => {
  harness = await startGitHubHarness(seed());
  const error = await harness
    .finish(
      harness
        .client()
        .triggerWorkflow({ repository: "acme/api", workflow: "nope.yml", ref: "main" }),
    )
    .catch((caught: unknown) => caught);
  expect((error as ContextenError).code).toBe("not_found");
});
