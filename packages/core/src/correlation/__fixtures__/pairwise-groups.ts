import type { CorrelatedEvent } from "../../models/correlated-event";
import { comparePosition } from "../../store/stored-event-list";
import { CorrelationRuleEngine } from "../correlation-rule-engine";
import { groupId } from "../link-id";
import { indexEvent } from "../match-keys";

/**
 * The reference for flat correlation: the groups that linking *every* pair of events a
 * default rule matches (the old clique) would give, computed directly with union-find,
 * with no store and no engine. Every event is assumed inside retention.
 */
export function pairwiseGroups(events: readonly CorrelatedEvent[]): Record<string, string> {
  const rules = new CorrelationRuleEngine();
  const indexed = events.map(indexEvent);
  const parent = new Map(events.map((event) => [event.id, event.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const keysOf = (index: number) =>
    new Set([...indexed[index]!.keys, ...indexed[index]!.refs.keys()]);
  for (let a = 0; a < events.length; a += 1) {
    const mine = keysOf(a);
    for (let b = a + 1; b < events.length; b += 1) {
      const shares = [...keysOf(b)].some((key) => mine.has(key));
      if (shares && rules.bestMatch(indexed[a]!, indexed[b]!)) {
        parent.set(find(events[b]!.id), find(events[a]!.id));
      }
    }
  }
  const earliest = new Map<string, CorrelatedEvent>();
  for (const event of events) {
    const root = find(event.id);
    const current = earliest.get(root);
    const time = event.occurredAt.getTime();
    if (!current || comparePosition(time, event.id, current.occurredAt.getTime(), current.id) < 0) {
      earliest.set(root, event);
    }
  }
  return Object.fromEntries(
    events.map((event) => [event.id, groupId(earliest.get(find(event.id))!.id)]),
  );
}
