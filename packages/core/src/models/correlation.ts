import { z } from "zod";
import { correlationKeySchema, evidenceSchema } from "./correlated-event";

/** One piece of evidence behind a correlation: which key matched and how. */
export const correlationEvidenceSchema = z.object({
  /** The key both events share (one *is* it, the other *refs* it, or both *are* it). */
  key: correlationKeySchema,
  /** How the referencing event mentioned the key. */
  evidence: evidenceSchema,
  /** Where it was found in the referencing event (`title`, `body`, `branch`, …). */
  field: z.string().optional(),
  /** Excerpt around the match. */
  excerpt: z.string().optional(),
});

/** See {@link correlationEvidenceSchema}. */
export type CorrelationEvidence = z.infer<typeof correlationEvidenceSchema>;

/**
 * A directed link between two events, created by a correlation rule. Stored as an
 * `event_correlations` row: source, target, type (the rule name) and strength.
 */
export const correlationSchema = z.object({
  /** Deterministic id: the same rule linking the same events always yields the same id. */
  id: z.string().min(1),
  /** Event the rule started from (e.g. the Linear issue). */
  sourceEventId: z.string().min(1),
  /** Event it matched (e.g. the pull request). */
  targetEventId: z.string().min(1),
  /** Name of the rule that made the link, e.g. `linear_issue_to_github_pr`. */
  rule: z.string().min(1),
  /** Confidence in (0, 1]; see the correlation module for how evidence sets it. */
  strength: z.number().gt(0).max(1),
  /** Why: every matching key with its evidence. */
  evidence: z.array(correlationEvidenceSchema).default([]),
  /** When the link was made. */
  createdAt: z.coerce.date(),
});

/** A link between two events. See {@link correlationSchema}. */
export type Correlation = z.output<typeof correlationSchema>;
