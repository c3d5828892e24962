import {
  type AnyWorkflowAction,
  defineWorkflowAction,
  NotFoundError,
  type UnifiedIssue,
} from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import { issuePrioritySchema, issueStatusCategorySchema } from "@contexten/core/schemas";
import { z } from "zod";
import type { LinearIssueTracker } from "../issues/linear-issue-tracker";

/** What the issue actions output: the issue's ids and where to see it. */
function summary(issue: UnifiedIssue) {
  return {
    id: issue.id,
    key: issue.key,
    url: issue.url,
    title: issue.title,
    status: issue.status.category,
  };
}

/** The UUID a step's issue is created with: the same for every attempt of the step. */
export function linearIssueId(idempotencyKey: string): string {
  return deriveEventId("contexten.linear.issue", idempotencyKey);
}

/**
 * `linear.createIssue`: creates an issue with an id derived from the step's idempotency key
 * (Linear lets the caller choose it); a retried step finds the issue an earlier attempt
 * created instead of creating another. Output: `{ id, key, url, title, status, reused }`.
 */
export function createIssueAction(tracker: LinearIssueTracker) {
  return defineWorkflowAction({
    name: "linear.createIssue",
    description: "Create a Linear issue (once per step, even when retried).",
    input: z.object({
      team: z.string().min(1).optional(),
      title: z.string().min(1),
      description: z.string().optional(),
      priority: issuePrioritySchema.optional(),
      labels: z.array(z.string().min(1)).optional(),
      assignee: z.string().min(1).optional(),
    }),
    async run(input, context) {
      const id = linearIssueId(context.idempotencyKey);
      const existing = await tracker.getIssue(id).catch((error: unknown) => {
        if (NotFoundError.isInstance(error)) return undefined;
        throw error;
      });
      if (existing) return { ...summary(existing), reused: true };
      const issue = await tracker.createIssue(
        {
          title: input.title,
          ...(input.team ? { container: input.team } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.priority ? { priority: input.priority } : {}),
          ...(input.labels ? { labels: input.labels } : {}),
          ...(input.assignee ? { assignees: [input.assignee] } : {}),
        },
        { id },
      );
      return { ...summary(issue), reused: false };
    },
  });
}

/**
 * `linear.updateIssue`: changes an issue (by identifier such as `ENG-123`, or UUID): title,
 * description, status (a category such as `done`, or `{ native: "In Review" }`),
 * priority, labels, assignee. Setting values is naturally idempotent. Output: the issue's
 * `{ id, key, url, title, status }`.
 */
export function updateIssueAction(tracker: LinearIssueTracker) {
  return defineWorkflowAction({
    name: "linear.updateIssue",
    description: "Update a Linear issue.",
    input: z.object({
      issue: z.string().min(1),
      title: z.string().min(1).optional(),
      description: z.string().optional(),
      status: z
        .union([issueStatusCategorySchema, z.object({ native: z.string().min(1) })])
        .optional(),
      priority: issuePrioritySchema.optional(),
      labels: z.array(z.string().min(1)).optional(),
      assignee: z.string().min(1).nullable().optional(),
    }),
    async run(input) {
      const { issue, assignee, ...rest } = input;
      const updates = Object.fromEntries(
        Object.entries(rest).filter(([, value]) => value !== undefined),
      );
      const updated = await tracker.updateIssue(issue, {
        ...updates,
        ...(assignee !== undefined ? { assignees: assignee === null ? [] : [assignee] } : {}),
      });
      return summary(updated);
    },
  });
}

/**
 * `linear.attachPullRequest`: attaches a GitHub pull request to an issue, or to each of
 * `issues` (Linear updates the attachment when the same URL is attached again, so retries
 * are safe). Output: `{ attachments: [{ id, issue, url, kind }] }`.
 */
export function attachPullRequestAction(tracker: LinearIssueTracker) {
  return defineWorkflowAction({
    name: "linear.attachPullRequest",
    description: "Attach a GitHub pull request to Linear issues.",
    input: z
      .object({
        issue: z.string().min(1).optional(),
        issues: z.array(z.string().min(1)).min(1).optional(),
        url: z.string().url(),
        title: z.string().optional(),
      })
      .refine((value) => (value.issue === undefined) !== (value.issues === undefined), {
        message: "give exactly one of issue and issues",
      }),
    async run(input) {
      const attachments = [];
      for (const issue of input.issues ?? [input.issue!]) {
        const link = await tracker.linkPullRequest(
          issue,
          input.url,
          input.title ? { title: input.title } : {},
        );
        attachments.push({ id: link.id, issue: link.issueId, url: link.url, kind: link.kind });
      }
      return { attachments };
    },
  });
}

/**
 * The Linear actions of a workflow engine, built around one issue tracker:
 * `linear.createIssue`, `linear.updateIssue` and `linear.attachPullRequest`.
 *
 * @example
 * ```ts
 * createWorkflowEngine({ …, actions: [...linearWorkflowActions(createLinearIssueTracker({ client }))] });
 * ```
 */
export function linearWorkflowActions(tracker: LinearIssueTracker): AnyWorkflowAction[] {
  return [createIssueAction(tracker), updateIssueAction(tracker), attachPullRequestAction(tracker)];
}
