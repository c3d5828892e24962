import { z } from "zod";
import { platformSchema } from "./platform";

/**
 * Normalized status category, shared by every tracker. The platform's own status is
 * kept beside it in `IssueStatus.native`.
 */
export const issueStatusCategorySchema = z.enum([
  "backlog",
  "todo",
  "in_progress",
  "done",
  "canceled",
]);

/** See {@link issueStatusCategorySchema}. */
export type IssueStatusCategory = z.infer<typeof issueStatusCategorySchema>;

/** Two-level status: the normalized category and the platform's own state. */
export const issueStatusSchema = z.object({
  /** Normalized category. */
  category: issueStatusCategorySchema,
  /** The platform's state: Linear workflow state, GitHub `open`/`closed` + reason. */
  native: z.object({
    /** Platform id of the state, when it has one (Linear state UUID). */
    id: z.string().optional(),
    /** Platform name of the state, e.g. `In Review`, `closed (not_planned)`. */
    name: z.string(),
  }),
});

/** See {@link issueStatusSchema}. */
export type IssueStatus = z.infer<typeof issueStatusSchema>;

/** Normalized priority. Linear's 1–4 map to urgent–low, 0 to none. */
export const issuePrioritySchema = z.enum(["urgent", "high", "normal", "low", "none"]);

/** See {@link issuePrioritySchema}. */
export type IssuePriority = z.infer<typeof issuePrioritySchema>;

/** An issue from any tracker, in one shape. */
export const unifiedIssueSchema = z.object({
  /** The platform's stable id (Linear UUID, GitHub node id or `owner/repo#n`). */
  id: z.string().min(1),
  /** Tracker it lives in. */
  platform: platformSchema,
  /** Human key: `ENG-123` or `acme/api#42`. */
  key: z.string().min(1),
  /** Link to the issue. */
  url: z.string().url(),
  /** Title. */
  title: z.string(),
  /** Description in Markdown; empty when none. */
  description: z.string().default(""),
  /** Normalized and native status. */
  status: issueStatusSchema,
  /** Normalized priority. */
  priority: issuePrioritySchema.default("none"),
  /** Assignee logins or names; the first is the primary assignee. */
  assignees: z.array(z.string()).default([]),
  /** Label names. */
  labels: z.array(z.string()).default([]),
  /** Creation time. */
  createdAt: z.coerce.date(),
  /** Last update time. */
  updatedAt: z.coerce.date(),
  /** Anything platform-specific worth keeping (team, repository, state_reason, …). */
  platformSpecific: z.record(z.string(), z.unknown()).default({}),
});

/** See {@link unifiedIssueSchema}. */
export type UnifiedIssue = z.output<typeof unifiedIssueSchema>;
