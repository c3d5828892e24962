import type {
  CreateIssueInput,
  IssueSearchFilters,
  IssueTracker,
  IssueUpdate,
} from "../contracts/issue-tracker";
import { NotFoundError } from "../errors/not-found-error";
import { ValidationError } from "../errors/validation-error";
import type { IssueStatusCategory, UnifiedIssue } from "../models/unified-issue";

const NATIVE_STATUS: Record<IssueStatusCategory, string> = {
  backlog: "Backlog",
  todo: "Todo",
  in_progress: "In Progress",
  done: "Done",
  canceled: "Canceled",
};

/**
 * An in-memory {@link IssueTracker} for tests of code that files or updates issues.
 * Keys look like `MEM-1`; native state names are `Backlog`, `Todo`, `In Progress`,
 * `Done`, `Canceled`. It passes `runIssueTrackerConformance`.
 */
export class MemoryIssueTracker implements IssueTracker {
  /** Platform id reported on issues. */
  readonly platform: string;
  private readonly issues = new Map<string, UnifiedIssue>();
  private sequence = 0;
  private readonly now: () => Date;

  constructor(options: { platform?: string; now?: () => Date } = {}) {
    this.platform = options.platform ?? "memory";
    this.now = options.now ?? (() => new Date());
  }

  /** Every issue, in creation order. */
  all(): UnifiedIssue[] {
    return [...this.issues.values()];
  }

  async createIssue(input: CreateIssueInput): Promise<UnifiedIssue> {
    if (!input.title.trim())
      throw new ValidationError({ message: "An issue needs a non-empty title." });
    this.sequence += 1;
    const key = `MEM-${this.sequence}`;
    const now = this.now();
    const issue: UnifiedIssue = {
      id: `memory-issue-${this.sequence}`,
      platform: this.platform,
      key,
      url: `https://tracker.invalid/issue/${key}`,
      title: input.title,
      description: input.description ?? "",
      status: { category: "todo", native: { name: NATIVE_STATUS.todo } },
      priority: input.priority ?? "none",
      assignees: input.assignees ?? [],
      labels: input.labels ?? [],
      createdAt: now,
      updatedAt: now,
      platformSpecific: input.container ? { container: input.container } : {},
    };
    this.issues.set(issue.id, issue);
    return structuredClone(issue);
  }

  async updateIssue(id: string, updates: IssueUpdate): Promise<UnifiedIssue> {
    const issue = this.find(id);
    const next: UnifiedIssue = {
      ...issue,
      title: updates.title ?? issue.title,
      description: updates.description ?? issue.description,
      priority: updates.priority ?? issue.priority,
      labels: updates.labels ?? issue.labels,
      assignees: updates.assignees ?? issue.assignees,
      status: updates.status === undefined ? issue.status : this.statusFor(updates.status),
      updatedAt: this.now(),
    };
    this.issues.set(issue.id, next);
    return structuredClone(next);
  }

  async getIssue(id: string): Promise<UnifiedIssue> {
    return structuredClone(this.find(id));
  }

  async searchIssues(query: string, filters: IssueSearchFilters = {}): Promise<UnifiedIssue[]> {
    const needle = query.trim().toLowerCase();
    return this.all()
      .filter(
        (issue) => !needle || `${issue.title}\n${issue.description}`.toLowerCase().includes(needle),
      )
      .filter((issue) => !filters.status || filters.status.includes(issue.status.category))
      .filter(
        (issue) => !filters.labels || filters.labels.every((label) => issue.labels.includes(label)),
      )
      .filter((issue) => !filters.assignee || issue.assignees.includes(filters.assignee))
      .filter(
        (issue) => !filters.container || issue.platformSpecific.container === filters.container,
      )
      .slice(0, filters.limit ?? 50)
      .map((issue) => structuredClone(issue));
  }

  private find(idOrKey: string): UnifiedIssue {
    const issue =
      this.issues.get(idOrKey) ??
      this.all().find((candidate) => candidate.key === idOrKey.toUpperCase());
    if (!issue) throw new NotFoundError({ entity: "issue", id: idOrKey, platform: this.platform });
    return issue;
  }

  private statusFor(status: NonNullable<IssueUpdate["status"]>): UnifiedIssue["status"] {
    if (typeof status === "string")
      return { category: status, native: { name: NATIVE_STATUS[status] } };
    const entry = Object.entries(NATIVE_STATUS).find(
      ([, name]) => name.toLowerCase() === status.native.toLowerCase(),
    );
    if (!entry) {
      throw new ValidationError({
        message: `Unknown status "${status.native}"; use one of ${Object.values(NATIVE_STATUS).join(", ")}.`,
      });
    }
    return { category: entry[0] as IssueStatusCategory, native: { name: entry[1] } };
  }
}
