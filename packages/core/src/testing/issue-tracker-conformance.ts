import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssueTracker } from "../contracts/issue-tracker";
import { NotFoundError } from "../errors/not-found-error";
import { unifiedIssueSchema } from "../models/unified-issue";

/** What an {@link IssueTracker} supports, so the suite checks only what applies. */
export interface IssueTrackerCapabilities {
  /** The tracker stores priorities (Linear does, GitHub Issues does not). */
  priority: boolean;
  /** `canceled` is a reachable status (Linear's canceled state, GitHub's `not_planned`). */
  canceledStatus: boolean;
}

/** Options for {@link runIssueTrackerConformance}. */
export interface IssueTrackerConformanceOptions {
  /** Suite name, e.g. `"Linear"`. */
  name: string;
  /** Creates the tracker under test (typically against a fake platform server). */
  createTracker: () => Promise<IssueTracker> | IssueTracker;
  /** Called once after the suite, e.g. to stop the fake server. */
  cleanup?: (() => Promise<void> | void) | undefined;
  /** Container to create issues in (`owner/repo`, a team key), when the tracker needs one. */
  container?: string | undefined;
  /** Label names that exist on the platform (at least two). */
  labels: [string, string, ...string[]];
  /** What the tracker supports. */
  capabilities: IssueTrackerCapabilities;
  /** An id or key that does not exist on the platform. */
  missingId: string;
}

/**
 * Checks an {@link IssueTracker} implementation through its public methods only: every
 * issue it returns is a valid `UnifiedIssue`, writes are visible to reads (by id and by
 * key), status changes map to the normalized categories, search finds what was created,
 * and unknown ids raise `NotFoundError`.
 *
 * @example
 * runIssueTrackerConformance({
 *   name: "Linear",
 *   createTracker: () => createLinearIssueTracker({ client, defaultTeam: "ENG" }),
 *   labels: ["bug", "frontend"],
 *   capabilities: { priority: true, canceledStatus: true },
 *   missingId: "ENG-999999",
 * });
 */
export function runIssueTrackerConformance(options: IssueTrackerConformanceOptions): void {
  describe(`IssueTracker conformance: ${options.name}`, () => {
    let tracker: IssueTracker;
    const unique = `conformance-${Math.random().toString(36).slice(2, 10)}`;

    beforeAll(async () => {
      tracker = await options.createTracker();
    });
    afterAll(async () => {
      await options.cleanup?.();
    });

    const create = (
      suffix: string,
      extra: Partial<Parameters<IssueTracker["createIssue"]>[0]> = {},
    ) =>
      tracker.createIssue({
        title: `${unique} ${suffix}`,
        description: `Created by the conformance suite (${suffix}).`,
        container: options.container,
        ...extra,
      });

    it("creates an issue and returns a valid UnifiedIssue", async () => {
      const issue = await create("create", { labels: [options.labels[0]] });
      expect(unifiedIssueSchema.safeParse(issue).success).toBe(true);
      expect(issue.platform).toBe(tracker.platform);
      expect(issue.title).toBe(`${unique} create`);
      expect(issue.description).toBe("Created by the conformance suite (create).");
      expect(issue.labels).toEqual([options.labels[0]]);
      expect(["backlog", "todo"]).toContain(issue.status.category);
      expect(issue.status.native.name.length).toBeGreaterThan(0);
      expect(issue.key.length).toBeGreaterThan(0);
      expect(issue.url).toMatch(/^https?:\/\//);
    });

    it("reads an issue back by id and by key", async () => {
      const created = await create("read");
      const byId = await tracker.getIssue(created.id);
      const byKey = await tracker.getIssue(created.key);
      expect(byId.id).toBe(created.id);
      expect(byKey.id).toBe(created.id);
      expect(byId.title).toBe(created.title);
      expect(byKey.key).toBe(created.key);
    });

    it("updates title, description and labels, and reads the changes back", async () => {
      const created = await create("update");
      const updated = await tracker.updateIssue(created.id, {
        title: `${unique} updated`,
        description: "Changed.",
        labels: [options.labels[1]],
      });
      expect(updated.title).toBe(`${unique} updated`);
      expect(updated.description).toBe("Changed.");
      expect(updated.labels).toEqual([options.labels[1]]);
      const read = await tracker.getIssue(created.key);
      expect(read.title).toBe(`${unique} updated`);
      expect(read.labels).toEqual([options.labels[1]]);
      expect(read.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    });

    it("moves an issue to done by normalized status", async () => {
      const created = await create("done");
      const done = await tracker.updateIssue(created.key, { status: "done" });
      expect(done.status.category).toBe("done");
      expect((await tracker.getIssue(created.id)).status.category).toBe("done");
    });

    it.runIf(options.capabilities.canceledStatus)("moves an issue to canceled", async () => {
      const created = await create("canceled");
      const canceled = await tracker.updateIssue(created.id, { status: "canceled" });
      expect(canceled.status.category).toBe("canceled");
    });

    it.runIf(options.capabilities.priority)("stores and updates priority", async () => {
      const created = await create("priority", { priority: "high" });
      expect(created.priority).toBe("high");
      const updated = await tracker.updateIssue(created.id, { priority: "urgent" });
      expect(updated.priority).toBe("urgent");
      expect((await tracker.getIssue(created.id)).priority).toBe("urgent");
    });

    it("finds created issues by text and filters by status and label", async () => {
      const open = await create("search open", { labels: [options.labels[0]] });
      const closed = await create("search closed", { labels: [options.labels[1]] });
      await tracker.updateIssue(closed.id, { status: "done" });

      const all = await tracker.searchIssues(`${unique} search`, { container: options.container });
      const ids = all.map((issue) => issue.id);
      expect(ids).toEqual(expect.arrayContaining([open.id, closed.id]));
      for (const issue of all) expect(unifiedIssueSchema.safeParse(issue).success).toBe(true);

      const doneOnly = await tracker.searchIssues(`${unique} search`, {
        container: options.container,
        status: ["done"],
      });
      expect(doneOnly.map((issue) => issue.id)).toContain(closed.id);
      expect(doneOnly.map((issue) => issue.id)).not.toContain(open.id);

      const labelled = await tracker.searchIssues(`${unique} search`, {
        container: options.container,
        labels: [options.labels[0]],
      });
      expect(labelled.map((issue) => issue.id)).toContain(open.id);
      expect(labelled.map((issue) => issue.id)).not.toContain(closed.id);

      const limited = await tracker.searchIssues(`${unique} search`, {
        container: options.container,
        limit: 1,
      });
      expect(limited).toHaveLength(1);
    });

    it("raises NotFoundError for an unknown issue", async () => {
      const error = await tracker.getIssue(options.missingId).catch((caught: unknown) => caught);
      expect(NotFoundError.isInstance(error)).toBe(true);
      const updateError = await tracker
        .updateIssue(options.missingId, { title: "x" })
        .catch((caught: unknown) => caught);
      expect(NotFoundError.isInstance(updateError)).toBe(true);
    });
  });
}
