import type { GitHubClient, GitHubRouteParameters } from "./github-client";
import type { WorkflowDispatchRequests } from "./workflow-dispatch";

type ListRunsParameters =
  GitHubRouteParameters<"GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs">;

/** The three requests `WorkflowDispatcher` needs, sent through a client's pipeline. */
export function workflowDispatchRequests(client: GitHubClient): WorkflowDispatchRequests {
  const workflowContext = (fullName: string, workflow: string | number) => ({
    entity: "workflow",
    id: `${fullName}:${workflow}`,
  });
  return {
    listRuns: (repository, workflow, query) =>
      client.data(
        "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
        {
          owner: repository.owner,
          repo: repository.repo,
          workflow_id: workflow,
          ...query,
        } as ListRunsParameters,
        workflowContext(repository.fullName, workflow),
      ),
    async dispatch(repository, workflow, body) {
      const response = await client.request(
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        { owner: repository.owner, repo: repository.repo, workflow_id: workflow, ...body },
        workflowContext(repository.fullName, workflow),
      );
      // 200 with the run id when `return_run_details` was honoured; 204 and no body otherwise.
      const runId = (response.data as { workflow_run_id?: unknown } | undefined)?.workflow_run_id;
      return typeof runId === "number" || typeof runId === "bigint" ? runId : undefined;
    },
    getRun: (repository, runId) =>
      client.data(
        "GET /repos/{owner}/{repo}/actions/runs/{run_id}",
        { owner: repository.owner, repo: repository.repo, run_id: Number(runId) },
        { entity: "workflow run", id: String(runId) },
      ),
  };
}
