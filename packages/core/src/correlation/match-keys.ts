import type { CorrelatedEvent, EventRef, Evidence } from "../models/correlated-event";
import type { CorrelationEvidence } from "../models/correlation";
import type { DataCorrelationRule } from "./correlation-rule";
import { EVIDENCE_STRENGTH } from "./evidence-strength";

/** An event with its keys and refs indexed once, so many rules can compare it cheaply. */
export interface IndexedEvent {
  /** The event. */
  event: CorrelatedEvent;
  /** `occurredAt` in epoch milliseconds. */
  time: number;
  /** Its keys. */
  keys: ReadonlySet<string>;
  /** Its refs by key (the strongest ref when a key repeats). */
  refs: ReadonlyMap<string, EventRef>;
}

/** Indexes an event for {@link matchKeys}. */
export function indexEvent(event: CorrelatedEvent): IndexedEvent {
  const refs = new Map<string, EventRef>();
  for (const ref of event.refs) {
    const current = refs.get(ref.key);
    if (!current || EVIDENCE_STRENGTH[ref.evidence] > EVIDENCE_STRENGTH[current.evidence]) {
      refs.set(ref.key, ref);
    }
  }
  return { event, time: event.occurredAt.getTime(), keys: new Set(event.keys), refs };
}

/** The evidence a data rule finds between two events and the strength it gives. */
export interface KeyMatchResult {
  /** Link strength in (0, 1]. */
  strength: number;
  /** Every key that met, once, with its evidence. */
  evidence: CorrelationEvidence[];
}

/**
 * Applies a data rule's key matching to `source` and `target` (patterns and window are
 * checked by the caller). Returns `undefined` when nothing counts.
 */
export function matchKeys(
  rule: DataCorrelationRule,
  source: IndexedEvent,
  target: IndexedEvent,
): KeyMatchResult | undefined {
  const via = rule.match.via;
  const found = new Map<string, CorrelationEvidence>();
  if (via.includes("reference")) {
    for (const [key, ref] of source.refs) {
      if (target.keys.has(key)) addEvidence(found, rule, key, ref.evidence, ref);
    }
    for (const [key, ref] of target.refs) {
      if (source.keys.has(key)) addEvidence(found, rule, key, ref.evidence, ref);
    }
  }
  if (via.includes("shared-key")) {
    for (const key of source.keys) {
      if (target.keys.has(key)) addEvidence(found, rule, key, "identity");
    }
  }
  if (via.includes("shared-ref")) {
    for (const [key, ref] of source.refs) {
      const other = target.refs.get(key);
      if (!other) continue;
      const weaker = weightOf(rule, other.evidence) < weightOf(rule, ref.evidence) ? other : ref;
      addEvidence(found, rule, key, weaker.evidence, weaker);
    }
  }

  if (found.size === 0) {
    return via.includes("time") ? { strength: rule.strength, evidence: [] } : undefined;
  }
  const evidence = [...found.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  let best = 0;
  for (const item of evidence) best = Math.max(best, weightOf(rule, item.evidence));
  return { strength: roundStrength(rule.strength * best), evidence };
}

/** Records `key` as evidence unless the rule ignores it or stronger evidence is already there. */
function addEvidence(
  found: Map<string, CorrelationEvidence>,
  rule: DataCorrelationRule,
  key: string,
  evidence: Evidence,
  ref?: EventRef,
): void {
  const { keyPrefixes, evidence: allowed } = rule.match;
  const weight = weightOf(rule, evidence);
  if (weight <= 0 || (allowed && !allowed.includes(evidence))) return;
  if (keyPrefixes && !keyPrefixes.some((prefix) => key.startsWith(prefix))) return;
  const current = found.get(key);
  if (current && weightOf(rule, current.evidence) >= weight) return;
  found.set(key, {
    key,
    evidence,
    ...(ref?.field ? { field: ref.field } : {}),
    ...(ref?.excerpt ? { excerpt: ref.excerpt } : {}),
  });
}

/** The weight of one evidence kind under a rule. */
export function weightOf(rule: DataCorrelationRule, evidence: Evidence): number {
  return rule.evidenceWeights?.[evidence] ?? EVIDENCE_STRENGTH[evidence];
}

/** Rounds away floating-point noise (0.8 × 0.95 = 0.76, not 0.7599999999999999). */
export function roundStrength(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
