import type { CorrelatedEvent } from "../models/correlated-event";
import { comparePosition } from "../store/stored-event-list";
import type { CorrelationRuleEngine, RuleMatch } from "./correlation-rule-engine";
import type { IndexedEvent } from "./match-keys";

/** The candidates of one event, by where they came from. */
export interface LinkCandidates {
  /** Each shared key's anchor (its earliest event). */
  anchors: readonly CorrelatedEvent[];
  /** The newest events sharing each key. */
  recent: readonly CorrelatedEvent[];
  /** What heuristic (time-window) rules and code rules' `findCandidates` found. */
  extra: readonly CorrelatedEvent[];
}

/** A link to make: the rule's verdict and the candidate it links to. */
export interface ChosenLink {
  /** The best rule match for the pair. */
  match: RuleMatch;
  /** The other event. */
  candidate: CorrelatedEvent;
}

/**
 * Picks the links of one event, flat rather than one per pair: the link count is bounded by
 * the keys the event shares, not by how many events share them.
 *
 * 1. Each key's **anchor**, the earliest event that is the key, gets a link (when a rule
 *    matches): every event of an object links to that object's first event, a star rather
 *    than a clique, so any two of them are two links apart in lineage.
 * 2. Every other **group** among the recent events gets one link, to its best-matching
 *    event (strongest, then earliest), unless the event already joins that group through
 *    an anchor or belongs to it. An event not correlated yet counts as a group of its own.
 *    This is what joins an issue to the pull requests that named it before it arrived, or
 *    a pull request to the check runs that ran before it was opened.
 * 3. Heuristic and code-rule candidates each get a link when a rule matches, as before:
 *    those rules are opt-in and define their own reach.
 *
 * Since every event that shares a key with earlier events joins their group this way, all
 * events sharing a key end up in one group, the same groups as linking every pair would
 * give, as long as no key has more than `candidatesPerKey` recent events in groups of
 * their own (events no rule could link to one another).
 */
export function chooseLinks(
  indexed: IndexedEvent,
  correlationId: string | null | undefined,
  candidates: LinkCandidates,
  ruleEngine: CorrelationRuleEngine,
  indexOf: (event: CorrelatedEvent) => IndexedEvent,
): ChosenLink[] {
  const chosen = new Map<string, ChosenLink>();
  const reached = new Set<string>(correlationId ? [correlationId] : []);
  const tryLink = (candidate: CorrelatedEvent): boolean => {
    if (chosen.has(candidate.id)) return true;
    const match = ruleEngine.bestMatch(indexed, indexOf(candidate));
    if (match) chosen.set(candidate.id, { match, candidate });
    return match !== undefined;
  };

  for (const anchor of candidates.anchors) {
    if (tryLink(anchor)) reached.add(groupOf(anchor));
  }
  const unreached = new Map<string, CorrelatedEvent[]>();
  for (const candidate of candidates.recent) {
    const group = groupOf(candidate);
    if (reached.has(group) || chosen.has(candidate.id)) continue;
    const members = unreached.get(group);
    if (members) members.push(candidate);
    else unreached.set(group, [candidate]);
  }
  for (const members of unreached.values()) {
    const best = bestOf(indexed, members, ruleEngine, indexOf);
    if (best) chosen.set(best.candidate.id, best);
  }
  for (const candidate of candidates.extra) tryLink(candidate);
  return [...chosen.values()];
}

/** A candidate's group; one not correlated yet is a group of its own. */
function groupOf(event: CorrelatedEvent): string {
  return event.correlationId ?? `event:${event.id}`;
}

/** The strongest match among one group's candidates, the earliest event on a tie. */
function bestOf(
  indexed: IndexedEvent,
  members: readonly CorrelatedEvent[],
  ruleEngine: CorrelationRuleEngine,
  indexOf: (event: CorrelatedEvent) => IndexedEvent,
): ChosenLink | undefined {
  let best: ChosenLink | undefined;
  for (const candidate of members) {
    const match = ruleEngine.bestMatch(indexed, indexOf(candidate));
    if (!match) continue;
    const better =
      !best ||
      match.strength > best.match.strength ||
      (match.strength === best.match.strength && isEarlier(candidate, best.candidate));
    if (better) best = { match, candidate };
  }
  return best;
}

function isEarlier(a: CorrelatedEvent, b: CorrelatedEvent): boolean {
  return comparePosition(a.occurredAt.getTime(), a.id, b.occurredAt.getTime(), b.id) < 0;
}
