import type { EventStore } from "../contracts/event-store";
import type { CorrelatedEvent } from "../models/correlated-event";
import { compileEventPattern, type EventPattern } from "../models/event-pattern";
import { isCodeRule } from "./correlation-rule";
import type { CorrelationRuleEngine } from "./correlation-rule-engine";
import type { IndexedEvent } from "./match-keys";

/** What {@link findRuleCandidates} needs. */
export interface RuleCandidateSearch {
  /** Where to look. */
  store: EventStore;
  /** The rules (for heuristic windows and code rules' own searches). */
  ruleEngine: CorrelationRuleEngine;
  /** The engine's clock reading. */
  now: Date;
  /** Most events per time-window query. */
  limit: number;
  /** Read candidates with their payloads (false when no rule looks at them). */
  payload: boolean;
  /** Receives failures of code rules' `findCandidates`. */
  onRuleError: (rule: string, error: unknown) => void;
}

/**
 * The candidates key lookups cannot find: for each heuristic rule matching "time", the
 * events of the other side within its window, plus what code rules find themselves. Key
 * candidates come from `readKeyCandidates`.
 */
export async function findRuleCandidates(
  indexed: IndexedEvent,
  search: RuleCandidateSearch,
): Promise<CorrelatedEvent[]> {
  const { event } = indexed;
  const found = new Map<string, CorrelatedEvent>();
  const add = (list: readonly CorrelatedEvent[]) => {
    for (const candidate of list) if (candidate.id !== event.id) found.set(candidate.id, candidate);
  };
  for (const { rule, windowMs } of search.ruleEngine.windows()) {
    if (isCodeRule(rule)) continue;
    if (!rule.match.via.includes("time")) continue;
    for (const [mine, other] of [
      [rule.source, rule.target],
      [rule.target, rule.source],
    ] as const) {
      if (!compileEventPattern(mine)(event)) continue;
      add(await eventsNear(search, other, indexed.time, windowMs));
    }
  }
  for (const rule of search.ruleEngine.rules) {
    if (!isCodeRule(rule) || !rule.findCandidates) continue;
    const windowMs = search.ruleEngine.windows().find((entry) => entry.rule === rule)?.windowMs;
    try {
      add(
        await rule.findCandidates(event, {
          store: search.store,
          now: search.now,
          ...(windowMs === undefined ? {} : { windowMs }),
        }),
      );
    } catch (error) {
      search.onRuleError(rule.name, error);
    }
  }
  return [...found.values()];
}

async function eventsNear(
  search: RuleCandidateSearch,
  pattern: EventPattern,
  time: number,
  windowMs: number,
): Promise<readonly CorrelatedEvent[]> {
  const page = await search.store.query({
    ...(pattern.type ? { type: pattern.type } : {}),
    ...(pattern.platform ? { platform: pattern.platform } : {}),
    since: new Date(time - windowMs),
    until: new Date(time + windowMs + 1),
    limit: Math.min(search.limit, 1000),
    payload: search.payload,
  });
  return page.events;
}
