import type {
  AuthenticationResult,
  Cache,
  Clock,
  HealthStatus,
  PlatformInterface,
  RateLimiter,
} from "@contexten/core";
import type { Octokit } from "@octokit/core";
import type { Endpoints, OctokitResponse } from "@octokit/types";
import { createOctokit, type GitHubClientParts } from "./create-octokit";
import type { GitHubClientOptions } from "./github-client-options";
import type { GitHubIntegrationConfig } from "./github-config";
import { type GitHubErrorContext, toGitHubError } from "./github-error";
import { authenticateGitHub, gitHubHealthStatus } from "./github-health";
import type {
  GitHubIssueComment,
  GitHubPullRequest,
  GitHubPullRequestFile,
  GitHubRepository,
  GitHubReview,
  GitHubWorkflowRun,
} from "./github-types";
import { type PageItem, type PaginateOptions, paginateRoute } from "./paginate";
import { type RepositoryInput, toRepositoryRef } from "./repository-ref";
import { type PullRequestReviews, summarizeReviews } from "./review-summary";
import { type TriggerWorkflowInput, WorkflowDispatcher } from "./workflow-dispatch";
import { workflowDispatchRequests } from "./workflow-dispatch-requests";

/** Input of {@link GitHubClient.createPullRequest}. */
export interface CreatePullRequestInput {
  /** `owner/repo`. */
  repository: RepositoryInput;
  /** Title. */
  title: string;
  /** Markdown description. */
  body?: string | undefined;
  /** Branch with the changes (`feature` or `fork-owner:feature`). */
  head: string;
  /** Branch to merge into. */
  base: string;
  /** Open as a draft. */
  draft?: boolean | undefined;
}

/** A REST route Octokit knows, e.g. `GET /repos/{owner}/{repo}`. */
export type GitHubRoute = keyof Endpoints;
/** The parameters of a route. */
export type GitHubRouteParameters<R extends GitHubRoute> = Endpoints[R]["parameters"];
/** The response body of a route. */
export type GitHubRouteData<R extends GitHubRoute> = Endpoints[R]["response"]["data"];

/**
 * A GitHub REST client on `@octokit/core`: every
 * request is paced by the rate limiter (GitHub's core, search, GraphQL, secondary and
 * content-creation budgets, corrected from `x-ratelimit-*` headers), revalidated through
 * the ETag cache (a 304 costs no budget), retried by the retry policy (`Retry-After` of a
 * secondary limit honoured), and reported to `Instrumentation`. Errors are core errors:
 * `NotFoundError`, `ApiCallError`, `RateLimitError`. Create it with `createGitHubClient`.
 */
export class GitHubClient implements PlatformInterface {
  /** Platform id. */
  readonly platform = "github";
  /** Resolved configuration. */
  readonly config: GitHubIntegrationConfig;
  /** The underlying Octokit, for routes without a helper; its requests use the same pipeline. */
  readonly octokit: Octokit;
  /** The rate limiter in use (shared with whoever passed it). */
  readonly limiter: RateLimiter;
  /** The cache in use, if any. */
  readonly cache: Cache | undefined;
  /** `token` or `app` (GitHub App installation). */
  readonly authKind: "token" | "app";
  /** `owner/repo` used when a call names no repository. */
  readonly defaultRepository: string | undefined;
  private readonly clock: Clock;
  private readonly parts: GitHubClientParts;
  private readonly dispatcher: WorkflowDispatcher;

  constructor(options: GitHubClientOptions = {}) {
    this.parts = createOctokit(options);
    this.config = this.parts.config;
    this.octokit = this.parts.octokit;
    this.limiter = this.parts.limiter;
    this.cache = this.parts.cache;
    this.clock = this.parts.clock;
    this.authKind = this.parts.authKind;
    this.defaultRepository =
      options.defaultRepository === undefined
        ? undefined
        : toRepositoryRef(options.defaultRepository).fullName;
    this.dispatcher = new WorkflowDispatcher(
      workflowDispatchRequests(this),
      this.clock,
      new URL(this.config.baseUrl).host === "api.github.com",
    );
  }

  /**
   * Sends any REST request (typed by route, as `octokit.request`) and maps failures to
   * core errors; `context` names what a 404 failed to find.
   */
  async request<R extends GitHubRoute>(
    route: R,
    parameters?: GitHubRouteParameters<R>,
    context?: GitHubErrorContext,
  ): Promise<OctokitResponse<GitHubRouteData<R>>> {
    try {
      return (await this.octokit.request(route, parameters as never)) as OctokitResponse<
        GitHubRouteData<R>
      >;
    } catch (error) {
      throw toGitHubError(error, context);
    }
  }

  /** Like {@link GitHubClient.request}, resolving to the response body. */
  async data<R extends GitHubRoute>(
    route: R,
    parameters?: GitHubRouteParameters<R>,
    context?: GitHubErrorContext,
  ): Promise<GitHubRouteData<R>> {
    return (await this.request(route, parameters, context)).data;
  }

  /**
   * Iterates every item of a list route, following `Link` headers (100 per page by
   * default). Works for arrays and for namespaced lists (`items`, `workflow_runs`, …).
   *
   * @example
   * for await (const file of client.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner, repo, pull_number: 42 })) { … }
   */
  paginate<R extends GitHubRoute>(
    route: R,
    parameters?: GitHubRouteParameters<R>,
    options?: PaginateOptions,
  ): AsyncGenerator<PageItem<GitHubRouteData<R>>, void, undefined> {
    return paginateRoute<PageItem<GitHubRouteData<R>>>(
      async (pageRoute, pageParameters) => {
        try {
          return await this.octokit.request(pageRoute, pageParameters);
        } catch (error) {
          throw toGitHubError(error);
        }
      },
      route,
      (parameters ?? {}) as Record<string, unknown>,
      options,
    );
  }

  /** Collects {@link GitHubClient.paginate} into an array. */
  async paginateAll<R extends GitHubRoute>(
    route: R,
    parameters?: GitHubRouteParameters<R>,
    options?: PaginateOptions,
  ): Promise<PageItem<GitHubRouteData<R>>[]> {
    const items: PageItem<GitHubRouteData<R>>[] = [];
    for await (const item of this.paginate(route, parameters, options)) items.push(item);
    return items;
  }

  /** Reads a repository; `NotFoundError` when it does not exist or is not visible. */
  getRepository(repository: RepositoryInput): Promise<GitHubRepository> {
    const { owner, repo, fullName } = toRepositoryRef(repository);
    return this.data(
      "GET /repos/{owner}/{repo}",
      { owner, repo },
      { entity: "repository", id: fullName },
    );
  }

  /** Reads a pull request; `NotFoundError` when there is none with that number. */
  getPullRequest(repository: RepositoryInput, number: number): Promise<GitHubPullRequest> {
    const { owner, repo, fullName } = toRepositoryRef(repository);
    return this.data(
      "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      { owner, repo, pull_number: number },
      { entity: "pull request", id: `${fullName}#${number}` },
    );
  }

  /** Opens a pull request (a content-creating request: it draws on the content budget). */
  createPullRequest(input: CreatePullRequestInput): Promise<GitHubPullRequest> {
    const { owner, repo } = toRepositoryRef(input.repository);
    return this.data("POST /repos/{owner}/{repo}/pulls", {
      owner,
      repo,
      title: input.title,
      head: input.head,
      base: input.base,
      ...(input.body === undefined ? {} : { body: input.body }),
      ...(input.draft === undefined ? {} : { draft: input.draft }),
    });
  }

  /** Every file a pull request changes (all pages). */
  listPullRequestFiles(
    repository: RepositoryInput,
    number: number,
    options?: PaginateOptions,
  ): Promise<GitHubPullRequestFile[]> {
    const { owner, repo } = toRepositoryRef(repository);
    return this.paginateAll(
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
      { owner, repo, pull_number: number },
      options,
    );
  }

  /**
   * A pull request's reviews and who approved, who asked for changes and who is still to
   * review (latest deciding review per reviewer; requested reviewers from the PR).
   */
  async getPullRequestReviews(
    repository: RepositoryInput,
    number: number,
  ): Promise<PullRequestReviews> {
    const { owner, repo } = toRepositoryRef(repository);
    const [pullRequest, reviews] = await Promise.all([
      this.getPullRequest(repository, number),
      this.paginateAll("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
        owner,
        repo,
        pull_number: number,
      }) as Promise<GitHubReview[]>,
    ]);
    return { reviews, summary: summarizeReviews(reviews, pullRequest) };
  }

  /**
   * Runs a `workflow_dispatch` workflow and resolves to the run it created, waiting at
   * most `timeoutMs` (default 60 s) for it to appear; see `WorkflowDispatcher`. Fails with
   * code `workflow_run_timeout` when no run appears in time.
   */
  triggerWorkflow(input: TriggerWorkflowInput): Promise<GitHubWorkflowRun> {
    return this.dispatcher.trigger(input);
  }

  /** Comments on an issue or pull request conversation. */
  createComment(
    repository: RepositoryInput,
    number: number,
    body: string,
  ): Promise<GitHubIssueComment> {
    const { owner, repo, fullName } = toRepositoryRef(repository);
    return this.data(
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { owner, repo, issue_number: number, body },
      { entity: "issue", id: `${fullName}#${number}` },
    );
  }

  /** Every comment of an issue or pull request conversation, oldest first (all pages). */
  listComments(
    repository: RepositoryInput,
    number: number,
    options?: PaginateOptions,
  ): Promise<GitHubIssueComment[]> {
    const { owner, repo } = toRepositoryRef(repository);
    return this.paginateAll(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { owner, repo, issue_number: number },
      options,
    );
  }

  /**
   * Checks the credentials with one call: `GET /user` for a token, the installation
   * (`GET /app/installations/{id}` with the app's JWT, then an installation token) for an
   * App. Never throws for bad credentials.
   */
  authenticate(): Promise<AuthenticationResult> {
    return authenticateGitHub(this, this.parts);
  }

  /**
   * Reachability, latency and the remaining budget of every GitHub resource
   * (`GET /rate_limit`, which GitHub does not count); `degraded` below 10% of the core budget.
   */
  getHealthStatus(): Promise<HealthStatus> {
    return gitHubHealthStatus(this, this.parts);
  }
}

/** Creates a {@link GitHubClient}. */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  return new GitHubClient(options);
}
