import { EVIDENCE_STRENGTH } from "../correlation/evidence-strength";
import type { EventRef } from "../models/correlated-event";

/**
 * Merges reference lists (title, body, branch, commits…) into one with each key once,
 * keeping the reference with the strongest evidence (by `EVIDENCE_STRENGTH`; the first
 * one seen on a tie). Order follows each key's first appearance.
 */
export function mergeReferences(...lists: readonly (readonly EventRef[])[]): EventRef[] {
  const byKey = new Map<string, EventRef>();
  for (const list of lists) {
    for (const ref of list) {
      const current = byKey.get(ref.key);
      if (!current) {
        byKey.set(ref.key, ref);
      } else if (EVIDENCE_STRENGTH[ref.evidence] > EVIDENCE_STRENGTH[current.evidence]) {
        // Replace in place so the key keeps its first position.
        byKey.set(ref.key, ref);
      }
    }
  }
  return [...byKey.values()];
}
