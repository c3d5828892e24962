import { type FakeGitHubRouteContext, inRepository } from "./fake-github-context";
import type { FakeGitHubWorkflowRun } from "./fake-github-model";
import { bodyOf, notFound, page, queryParameter, validationFailed } from "./fake-github-responses";
import { fakeSha } from "./fake-github-state";

/** Reads GitHub's `created` filter: `>=T`, `>T`, `<=T`, `<T`, `T1..T2` or a bare date. */
function createdFilter(value: string | undefined): (at: number) => boolean {
  if (!value) return () => true;
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const from = Date.parse(range[1]!);
    const to = Date.parse(range[2]!);
    return (at) => at >= from && at <= to;
  }
  const bound = /^(>=|<=|>|<)?(.+)$/.exec(value)!;
  const time = Date.parse(bound[2]!);
  switch (bound[1]) {
    case ">=":
      return (at) => at >= time;
    case ">":
      return (at) => at > time;
    case "<=":
      return (at) => at <= time;
    case "<":
      return (at) => at < time;
    default:
      return (at) => at >= time && at < time + 86_400_000;
  }
}

/** Workflow dispatch and run routes. Runs become visible at their `createdAt`. */
export function registerActionsRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json, apiUrl } = context;

  server.route(
    "POST",
    "/repos/:owner/:repo/actions/workflows/:workflow/dispatches",
    inRepository(state, (request, repository) => {
      const workflow = state.workflow(repository.fullName, request.params.workflow!);
      if (!workflow) return notFound();
      const body = bodyOf(request);
      if (typeof body.ref !== "string" || body.ref === "")
        return validationFailed("Workflow", "ref");
      const now = state.clock.now();
      const branch = body.ref.replace(/^refs\/(?:heads|tags)\//, "");
      const details = state.dispatchReturnsRunDetails && body.return_run_details === true;
      if (!workflow.dispatchCreatesRun) return { status: 204 };
      const run = state.addWorkflowRun(repository.fullName, {
        workflow: workflow.id,
        event: "workflow_dispatch",
        headBranch: branch,
        headSha: fakeSha(`${repository.fullName}:${branch}`),
        inputs: (body.inputs as Record<string, unknown> | undefined) ?? {},
        createdAt: details ? now : now + workflow.runDelayMs,
      });
      if (!details) return { status: 204 };
      const runJson = json.workflowRun(repository, run);
      return {
        status: 200,
        json: { workflow_run_id: run.id, run_url: runJson.url, html_url: runJson.html_url },
      };
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/actions/workflows/:workflow/runs",
    inRepository(state, (request, repository) => {
      const workflow = state.workflow(repository.fullName, request.params.workflow!);
      if (!workflow) return notFound();
      const now = state.clock.now();
      const event = queryParameter(request, "event");
      const branch = queryParameter(request, "branch");
      const status = queryParameter(request, "status");
      const created = createdFilter(queryParameter(request, "created"));
      const runs = repository.workflowRuns
        .filter(
          (run: FakeGitHubWorkflowRun) =>
            run.workflowId === workflow.id &&
            run.createdAt <= now &&
            (event === undefined || run.event === event) &&
            (branch === undefined || run.headBranch === branch) &&
            (status === undefined || run.status === status || run.conclusion === status) &&
            created(run.createdAt),
        )
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return page(
        request,
        apiUrl,
        runs.map((run) => json.workflowRun(repository, run)),
        (items, total) => ({ total_count: total, workflow_runs: items }),
      );
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/actions/runs/:id",
    inRepository(state, (request, repository) => {
      const run = repository.workflowRuns.find(
        (candidate) =>
          candidate.id === Number(request.params.id) && candidate.createdAt <= state.clock.now(),
      );
      return run ? { json: json.workflowRun(repository, run) } : notFound();
    }),
  );
}
