import type { Correlation, CorrelationEvidence } from "@contexten/core";
import { toDate } from "./event-codec";

/** Columns read for every link. */
export const LINK_COLUMNS =
  "id, source_event_id, target_event_id, rule, strength, evidence, created_at";

/** An `event_correlations` row. */
export interface LinkRow {
  id: string;
  source_event_id: string;
  target_event_id: string;
  rule: string;
  strength: number | string;
  evidence: CorrelationEvidence[];
  created_at: Date | string;
}

/** Rebuilds the link from its row. */
export function linkFromRow(row: LinkRow): Correlation {
  return {
    id: row.id,
    sourceEventId: row.source_event_id,
    targetEventId: row.target_event_id,
    rule: row.rule,
    strength: Number(row.strength),
    evidence: row.evidence,
    createdAt: toDate(row.created_at),
  };
}
