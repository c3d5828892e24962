import {
  type CreateIssueInput,
  type IssueSearchFilters,
  type IssueTracker,
  type IssueUpdate,
  type UnifiedIssue,
  ValidationError,
} from "@contexten/core";
import { createGitHubClient, type GitHubClient } from "../client/github-client";
import type { GitHubClientOptions } from "../client/github-client-options";
import type { GitHubIssue } from "../client/github-types";
import { toRepositoryRef } from "../client/repository-ref";
import { toGitHubIssueFields, toUnifiedIssue } from "./issue-mapping";
import { type GitHubIssueRef, parseIssueReference } from "./issue-reference";
import { buildIssueSearchQuery } from "./issue-search-query";

/** Options of {@link createGitHubIssueTracker}: a client, or the options to build one. */
export interface GitHubIssueTrackerOptions extends GitHubClientOptions {
  /** The client to use; default one built from these options. */
  client?: GitHubClient | undefined;
  /** Hosts of GitHub web URLs accepted as issue ids (default `github.com` and the `baseUrl` host). */
  githubHosts?: readonly string[] | undefined;
}

/** Default of {@link IssueSearchFilters.limit}. */
const DEFAULT_SEARCH_LIMIT = 50;
/** GitHub's search returns at most 1,000 results. */
const MAX_SEARCH_RESULTS = 1_000;

/**
 * GitHub Issues as an `IssueTracker`.
 * Ids and keys are `owner/repo#42`; `getIssue` and `updateIssue` also take issue URLs and,
 * with a `defaultRepository`, bare numbers. Search uses `GET /search/issues`, paced by the
 * search budget (30 a minute on GitHub) separately from the core budget. GitHub has no
 * priorities: they read as `none` and updates to them are ignored.
 */
export class GitHubIssueTracker implements IssueTracker {
  /** Platform id. */
  readonly platform = "github";
  /** The client in use. */
  readonly client: GitHubClient;
  private readonly githubHosts: readonly string[];

  constructor(options: GitHubIssueTrackerOptions = {}) {
    const { client, githubHosts, ...clientOptions } = options;
    this.client = client ?? createGitHubClient(clientOptions);
    const apiHost = new URL(this.client.config.baseUrl).hostname;
    this.githubHosts =
      githubHosts ?? (apiHost === "api.github.com" ? ["github.com"] : ["github.com", apiHost]);
  }

  async createIssue(input: CreateIssueInput): Promise<UnifiedIssue> {
    const { owner, repo } = this.repositoryFor(input.container);
    const labels = input.labels
      ? await this.existingLabels(`${owner}/${repo}`, input.labels)
      : undefined;
    const created = await this.client.data("POST /repos/{owner}/{repo}/issues", {
      owner,
      repo,
      title: input.title,
      ...(input.description === undefined ? {} : { body: input.description }),
      ...(labels ? { labels } : {}),
      ...(input.assignees ? { assignees: input.assignees } : {}),
    });
    return toUnifiedIssue(created as GitHubIssue);
  }

  async updateIssue(id: string, updates: IssueUpdate): Promise<UnifiedIssue> {
    const ref = this.parse(id);
    const fields = toGitHubIssueFields(updates);
    if (fields.labels) fields.labels = await this.existingLabels(ref.repository, fields.labels);
    if (Object.keys(fields).length === 0) return this.getIssue(id);
    const { owner, repo } = toRepositoryRef(ref.repository);
    const updated = await this.client.data(
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      { owner, repo, issue_number: ref.number, ...fields },
      { entity: "issue", id },
    );
    return toUnifiedIssue(updated);
  }

  async getIssue(id: string): Promise<UnifiedIssue> {
    const ref = this.parse(id);
    const { owner, repo } = toRepositoryRef(ref.repository);
    const issue = await this.client.data(
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      { owner, repo, issue_number: ref.number },
      { entity: "issue", id },
    );
    return toUnifiedIssue(issue);
  }

  async searchIssues(query: string, filters: IssueSearchFilters = {}): Promise<UnifiedIssue[]> {
    const limit = Math.min(filters.limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_RESULTS);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ValidationError({
        platform: "github",
        message: `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}, not ${filters.limit}.`,
      });
    }
    const repository = filters.container
      ? toRepositoryRef(filters.container).fullName
      : this.client.defaultRepository;
    const wanted = filters.status ? new Set(filters.status) : undefined;
    const found: UnifiedIssue[] = [];
    const pages = this.client.paginate(
      "GET /search/issues",
      {
        q: buildIssueSearchQuery(query, filters, repository),
        per_page: Math.min(100, wanted ? Math.max(limit, 30) : limit),
      },
      { maxPages: Math.ceil(MAX_SEARCH_RESULTS / 100) },
    );
    for await (const item of pages) {
      const issue = toUnifiedIssue(item as GitHubIssue);
      if (wanted && !wanted.has(issue.status.category)) continue;
      found.push(issue);
      if (found.length >= limit) break;
    }
    return found;
  }

  private parse(id: string): GitHubIssueRef {
    return parseIssueReference(id, {
      defaultRepository: this.client.defaultRepository,
      githubHosts: this.githubHosts,
    });
  }

  private repositoryFor(container: string | undefined) {
    const repository = container ?? this.client.defaultRepository;
    if (!repository) {
      throw new ValidationError({
        platform: "github",
        message:
          'Which repository? Pass container: "owner/repo" or create the tracker with defaultRepository.',
      });
    }
    return toRepositoryRef(repository);
  }

  /**
   * The repository's spelling of each label; `ValidationError` for labels it lacks
   * (GitHub would create them silently). One listing per call, usually a free 304.
   */
  private async existingLabels(repository: string, names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const { owner, repo } = toRepositoryRef(repository);
    const existing = new Map<string, string>();
    for await (const label of this.client.paginate("GET /repos/{owner}/{repo}/labels", {
      owner,
      repo,
    })) {
      existing.set(label.name.toLowerCase(), label.name);
    }
    const missing = names.filter((name) => !existing.has(name.toLowerCase()));
    if (missing.length > 0) {
      throw new ValidationError({
        platform: "github",
        message: `${repository} has no label ${missing.map((name) => JSON.stringify(name)).join(", ")}; create it on GitHub first or drop it.`,
      });
    }
    return names.map((name) => existing.get(name.toLowerCase())!);
  }
}

/** Creates a {@link GitHubIssueTracker}. */
export function createGitHubIssueTracker(
  options: GitHubIssueTrackerOptions = {},
): GitHubIssueTracker {
  return new GitHubIssueTracker(options);
}
