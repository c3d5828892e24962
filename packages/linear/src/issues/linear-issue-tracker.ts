import {
  type CreateIssueInput,
  type IssueSearchFilters,
  type IssueTracker,
  type IssueUpdate,
  type UnifiedIssue,
  ValidationError,
} from "@contexten/core";
import type { LinearDocument } from "@linear/sdk";
import type { LinearClient } from "../client/linear-client";
import { requireMutationResult } from "../client/mutation-result";
import { LINEAR_PRIORITY, type LinearIssueFields, toUnifiedIssue } from "./issue-mapping";
import { buildIssueFilter } from "./issue-search-filter";
import { LinearDirectory } from "./linear-directory";
import {
  addComment,
  findIssueForBranch,
  type LinearAttachmentLink,
  type LinearCommentRef,
  linkPullRequest,
  linkUrl,
} from "./linear-issue-links";

/** Options of {@link createLinearIssueTracker}. */
export interface LinearIssueTrackerOptions {
  /** The client to call Linear with (its cache holds the resolved names). */
  client: LinearClient;
  /** Team key, name or id used when `createIssue` gets no `container`. */
  defaultTeam?: string | undefined;
}

const DEFAULT_SEARCH_LIMIT = 50;
const MAX_PAGE = 250;

/**
 * Linear as an {@link IssueTracker}: issues are created, updated, read (by UUID or
 * identifier such as `ENG-123`) and searched with the SDK's typed operations
 * (`createIssue`, `updateIssue`, `issue`, `searchIssues` / `issues`), and mapped to
 * {@link UnifiedIssue} by workflow-state type. Team, state, label and user names are
 * resolved to ids through a cached {@link LinearDirectory}. Also offers the
 * cross-platform helpers: attach a GitHub PR or any URL, comment, find the issue of a
 * branch.
 */
export class LinearIssueTracker implements IssueTracker {
  /** Platform id. */
  readonly platform = "linear";
  /** The client calls go through. */
  readonly client: LinearClient;
  /** Cached name ↔ id resolution. */
  readonly directory: LinearDirectory;
  readonly #defaultTeam: string | undefined;

  constructor(options: LinearIssueTrackerOptions) {
    this.client = options.client;
    this.directory = new LinearDirectory(options.client);
    this.#defaultTeam = options.defaultTeam;
  }

  /**
   * Creates an issue in `input.container` (or the default team). Labels and the assignee
   * must exist (`ValidationError` otherwise; nothing is created); Linear issues have one
   * assignee, so at most one may be given. The issue starts in the team's default state.
   * `options.id` chooses the new issue's UUID (Linear accepts one), which makes creating
   * idempotent for a caller that checks for it first.
   */
  async createIssue(input: CreateIssueInput, options: { id?: string } = {}): Promise<UnifiedIssue> {
    const container = input.container ?? this.#defaultTeam;
    if (!container) {
      throw new ValidationError({
        platform: "linear",
        message:
          "createIssue needs a Linear team: pass container (a team key such as ENG) or defaultTeam to createLinearIssueTracker.",
      });
    }
    if (!input.title.trim()) {
      throw new ValidationError({ platform: "linear", message: "A Linear issue needs a title." });
    }
    const team = await this.directory.team(container);
    const create: LinearDocument.IssueCreateInput = { teamId: team.id, title: input.title };
    if (options.id !== undefined) create.id = options.id;
    if (input.description !== undefined) create.description = input.description;
    if (input.priority !== undefined) create.priority = LINEAR_PRIORITY[input.priority];
    if (input.labels?.length)
      create.labelIds = await this.directory.labelIds(team.id, input.labels);
    const assigneeId = await this.#assigneeId(input.assignees);
    if (assigneeId !== undefined) create.assigneeId = assigneeId;
    const payload = await this.client.sdk.createIssue(create);
    return this.getIssue(
      requireMutationResult(this.client, "createIssue", payload, payload.issueId),
    );
  }

  /**
   * Applies changes to an issue (UUID or identifier). A normalized status moves it to its
   * team's state of the matching type with the lowest position; `{ native: "In Review" }`
   * picks a state by name. `labels` and `assignees` replace the current ones (`[]`
   * unassigns). Throws `NotFoundError` for an unknown issue.
   */
  async updateIssue(id: string, updates: IssueUpdate): Promise<UnifiedIssue> {
    const current = await this.client.sdk.issue(id);
    const teamId = current.teamId;
    const update: LinearDocument.IssueUpdateInput = {};
    if (updates.title !== undefined) update.title = updates.title;
    if (updates.description !== undefined) update.description = updates.description;
    if (updates.priority !== undefined) update.priority = LINEAR_PRIORITY[updates.priority];
    if (updates.status !== undefined) {
      if (!teamId) throw new ValidationError({ platform: "linear", message: "Issue has no team." });
      const state =
        typeof updates.status === "string"
          ? await this.directory.stateForCategory(teamId, updates.status)
          : await this.directory.stateByName(teamId, updates.status.native);
      update.stateId = state.id;
    }
    if (updates.labels !== undefined) {
      update.labelIds = teamId ? await this.directory.labelIds(teamId, updates.labels) : [];
    }
    if (updates.assignees !== undefined) {
      update.assigneeId = (await this.#assigneeId(updates.assignees)) ?? null;
    }
    if (Object.keys(update).length > 0) {
      const payload = await this.client.sdk.updateIssue(current.id, update);
      requireMutationResult(this.client, "updateIssue", payload, payload.issueId ?? current.id);
    }
    return this.getIssue(current.id);
  }

  /** Reads an issue by UUID or identifier (`ENG-123`); `NotFoundError` when unknown. */
  async getIssue(id: string): Promise<UnifiedIssue> {
    return this.toUnified(await this.client.sdk.issue(id));
  }

  /**
   * Full-text search (Linear's `searchIssues`) combined with `IssueFilter` conditions for
   * the team, statuses, labels (all required) and assignee; with an empty query, a
   * filtered `issues` listing. At most `limit` results (default 50, up to 250).
   */
  async searchIssues(query: string, filters: IssueSearchFilters = {}): Promise<UnifiedIssue[]> {
    const first = Math.min(Math.max(1, filters.limit ?? DEFAULT_SEARCH_LIMIT), MAX_PAGE);
    const filter = await buildIssueFilter(filters, this.directory);
    if (!filter) return [];
    const term = query.trim();
    const page = term
      ? await this.client.sdk.searchIssues(term, { filter, first })
      : await this.client.sdk.issues({ filter, first });
    const issues = await Promise.all(page.nodes.map((issue) => this.toUnified(issue)));
    return issues.slice(0, first);
  }

  /**
   * Links any URL to an issue as an attachment (Linear's `attachmentLinkURL`; linking the
   * same URL again updates the existing attachment).
   */
  linkUrl(
    issueId: string,
    url: string,
    options: { title?: string } = {},
  ): Promise<LinearAttachmentLink> {
    return linkUrl(this.client, issueId, url, options);
  }

  /**
   * Links a GitHub pull request to an issue with Linear's `attachmentLinkGitHubPR`, so
   * Linear shows it as a PR; when Linear refuses (no GitHub integration in the
   * workspace), falls back to a plain URL attachment. Rejects non-PR URLs with
   * `ValidationError`.
   */
  linkPullRequest(
    issueId: string,
    url: string,
    options: { title?: string } = {},
  ): Promise<LinearAttachmentLink> {
    return linkPullRequest(this.client, issueId, url, options);
  }

  /** Comments on an issue (Markdown body) with `commentCreate`. */
  addComment(issueId: string, body: string): Promise<LinearCommentRef> {
    return addComment(this.client, issueId, body);
  }

  /**
   * The issue a git branch belongs to: Linear's `issueVcsBranchSearch` first (it knows
   * the branch names Linear suggested), then every identifier core's branch extraction
   * finds in the name (`feature/ENG-123-x`, `eng-123-fix`). `undefined` when none exists.
   */
  async findIssueForBranch(branch: string): Promise<UnifiedIssue | undefined> {
    const issue = await findIssueForBranch(this.client, branch);
    return issue ? this.toUnified(issue) : undefined;
  }

  /** Maps an SDK issue to a {@link UnifiedIssue}, resolving names through the directory. */
  async toUnified(issue: LinearIssueFields): Promise<UnifiedIssue> {
    const teamId = issue.teamId;
    const [team, cachedState, labels, assignee] = await Promise.all([
      teamId ? this.directory.team(teamId).catch(() => undefined) : undefined,
      teamId && issue.stateId ? this.directory.state(teamId, issue.stateId) : undefined,
      this.directory.labelNames(issue.labelIds ?? []),
      issue.assigneeId ? this.directory.findUser(issue.assigneeId) : undefined,
    ]);
    const state = cachedState ?? (await this.#fetchState(issue.stateId));
    return toUnifiedIssue(issue, {
      team,
      state,
      labels,
      assignee: assignee?.name ?? issue.assigneeId ?? undefined,
    });
  }

  async #fetchState(
    stateId: string | null | undefined,
  ): Promise<{ id: string; name: string; type: string }> {
    if (!stateId) return { id: "", name: "Unknown", type: "unstarted" };
    const state = await this.client.sdk.workflowState(stateId);
    return { id: state.id, name: state.name, type: state.type };
  }

  async #assigneeId(assignees: readonly string[] | undefined): Promise<string | undefined> {
    if (!assignees || assignees.length === 0) return undefined;
    if (assignees.length > 1) {
      throw new ValidationError({
        platform: "linear",
        message: `A Linear issue has one assignee; got ${assignees.length} (${assignees.join(", ")}).`,
      });
    }
    return (await this.directory.user(assignees[0]!)).id;
  }
}

/**
 * Creates a {@link LinearIssueTracker}.
 *
 * @example
 * const tracker = createLinearIssueTracker({ client: createLinearClient(), defaultTeam: "ENG" });
 * const issue = await tracker.createIssue({ title: "Login fails on Safari", labels: ["Bug"], priority: "high" });
 * await tracker.updateIssue(issue.key, { status: "in_progress" });
 */
export function createLinearIssueTracker(options: LinearIssueTrackerOptions): LinearIssueTracker {
  return new LinearIssueTracker(options);
}
