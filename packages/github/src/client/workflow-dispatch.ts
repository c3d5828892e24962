import { type Clock, ContextenError } from "@contexten/core";
import { sleep } from "@contexten/core/adapter";
import type { Endpoints } from "@octokit/types";
import type { GitHubWorkflowRun } from "./github-types";
import { type RepositoryInput, type RepositoryRef, toRepositoryRef } from "./repository-ref";

/** Input of `GitHubClient.triggerWorkflow`. */
export interface TriggerWorkflowInput {
  /** `owner/repo`. */
  repository: RepositoryInput;
  /** Workflow id or file name (`deploy.yml`). */
  workflow: string | number;
  /** Branch or tag to run on (`main`, `refs/heads/main`, `v1.2.0`). */
  ref: string;
  /** The workflow's `workflow_dispatch` inputs. */
  inputs?: Record<string, string | number | boolean> | undefined;
  /**
   * Ask GitHub to answer with the run id (`return_run_details`, github.com since 2026);
   * default true when `baseUrl` is `https://api.github.com`. Without it, or when GitHub
   * answers 204 anyway (GitHub Enterprise Server), the run is found by polling.
   */
  returnRunDetails?: boolean | undefined;
  /** Longest wait for the run to appear, ms; default 60,000. */
  timeoutMs?: number | undefined;
  /** Time between polls, ms; default 2,000. */
  pollIntervalMs?: number | undefined;
  /** Cancels the wait. */
  signal?: AbortSignal | undefined;
}

type RunList =
  Endpoints["GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"]["response"]["data"];

/** The requests the dispatcher needs, bound to a client. */
export interface WorkflowDispatchRequests {
  /** Lists a workflow's runs with filters. */
  listRuns(
    repository: RepositoryRef,
    workflow: string | number,
    query: Record<string, string>,
  ): Promise<RunList>;
  /** Sends the dispatch; resolves to the run id when GitHub returned one. */
  dispatch(
    repository: RepositoryRef,
    workflow: string | number,
    body: { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean },
  ): Promise<number | bigint | undefined>;
  /** Reads one run. */
  getRun(repository: RepositoryRef, runId: number | bigint): Promise<GitHubWorkflowRun>;
}

/** Default of {@link TriggerWorkflowInput.timeoutMs}. */
export const DEFAULT_WORKFLOW_RUN_TIMEOUT_MS = 60_000;
/** Default of {@link TriggerWorkflowInput.pollIntervalMs}. */
export const DEFAULT_WORKFLOW_RUN_POLL_MS = 2_000;
/** Runs created this long before the dispatch still count as candidates (clock skew), ms. */
const CLOCK_SKEW_MS = 60_000;
const MAX_CLAIMED = 1_000;

/**
 * Dispatches workflows and finds the run each dispatch created. `workflow_dispatch`
 * answers 204 without a run id, so the dispatcher lists the workflow's
 * `workflow_dispatch` runs on the branch created since just before the dispatch, sends
 * the dispatch, then polls that same list until a run appears that was not there before
 * and that no other dispatch of this client has claimed. Polls repeat one URL, so the
 * ETag cache turns every unchanged poll into a free 304.
 */
export class WorkflowDispatcher {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly requests: WorkflowDispatchRequests,
    private readonly clock: Clock,
    private readonly defaultReturnRunDetails: boolean,
  ) {}

  /** Dispatches and resolves to the run it created; see the class description. */
  async trigger(input: TriggerWorkflowInput): Promise<GitHubWorkflowRun> {
    const repository = toRepositoryRef(input.repository);
    const timeoutMs = input.timeoutMs ?? DEFAULT_WORKFLOW_RUN_TIMEOUT_MS;
    const pollMs = input.pollIntervalMs ?? DEFAULT_WORKFLOW_RUN_POLL_MS;
    const branch = input.ref.replace(/^refs\/(?:heads|tags)\//, "");
    const dispatchedAt = this.clock.now();
    const since = new Date(Math.floor((dispatchedAt - CLOCK_SKEW_MS) / 1000) * 1000);
    const query = {
      event: "workflow_dispatch",
      branch,
      created: `>=${since.toISOString().replace(".000Z", "Z")}`,
      per_page: "30",
    };
    const returnRunDetails = input.returnRunDetails ?? this.defaultReturnRunDetails;
    const known = returnRunDetails
      ? new Set<string>()
      : await this.runIds(repository, input.workflow, query);

    const runId = await this.requests.dispatch(repository, input.workflow, {
      ref: input.ref,
      ...(input.inputs ? { inputs: input.inputs } : {}),
      ...(returnRunDetails ? { return_run_details: true } : {}),
    });
    if (runId !== undefined) return this.claim(await this.requests.getRun(repository, runId));
    if (returnRunDetails) {
      // GitHub ignored return_run_details (204): the runs listed now all predate this dispatch
      // unless it was very fast, so only runs created from the dispatch on count.
      for (const id of await this.runIds(repository, input.workflow, query, dispatchedAt))
        known.add(id);
    }

    const deadline = dispatchedAt + timeoutMs;
    for (;;) {
      const list = await this.requests.listRuns(repository, input.workflow, query);
      const created = list.workflow_runs
        .filter((run) => !known.has(String(run.id)) && !this.claimed.has(String(run.id)))
        .sort(
          (a, b) =>
            Date.parse(a.created_at) - Date.parse(b.created_at) || Number(a.id) - Number(b.id),
        );
      if (created[0]) return this.claim(created[0] as GitHubWorkflowRun);
      if (this.clock.now() + pollMs > deadline) {
        throw new ContextenError({
          code: "workflow_run_timeout",
          platform: "github",
          message: `Workflow ${input.workflow} of ${repository.fullName} was dispatched on ${branch}, but no new workflow_dispatch run appeared within ${Math.round(timeoutMs / 1000)} s. It may still start: look at the workflow's runs, or pass a longer timeoutMs.`,
        });
      }
      await sleep(pollMs, { clock: this.clock, signal: input.signal });
    }
  }

  private async runIds(
    repository: RepositoryRef,
    workflow: string | number,
    query: Record<string, string>,
    createdBefore = Number.POSITIVE_INFINITY,
  ): Promise<Set<string>> {
    const list = await this.requests.listRuns(repository, workflow, query);
    return new Set(
      list.workflow_runs
        .filter((run) => Date.parse(run.created_at) < createdBefore)
        .map((run) => String(run.id)),
    );
  }

  private claim(run: GitHubWorkflowRun): GitHubWorkflowRun {
    this.claimed.add(String(run.id));
    if (this.claimed.size > MAX_CLAIMED) {
      this.claimed.delete(this.claimed.values().next().value!);
    }
    return run;
  }
}
