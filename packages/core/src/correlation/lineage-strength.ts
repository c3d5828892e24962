import type { Correlation } from "../models/correlation";

/**
 * How strongly each event is tied to the root: the largest product of link strengths over
 * any path from the root (the most reliable path, found with Dijkstra's algorithm on
 * products). The root scores 1; events the links do not reach are absent.
 *
 * Products never grow along a path (every strength is at most 1), so the best path to an
 * event is final once it is the strongest one left, exactly as in Dijkstra.
 */
export function strongestPathStrengths(
  rootId: string,
  links: readonly Correlation[],
): Map<string, number> {
  const neighbours = new Map<string, { id: string; strength: number }[]>();
  const connect = (from: string, to: string, strength: number) => {
    const list = neighbours.get(from);
    if (list) list.push({ id: to, strength });
    else neighbours.set(from, [{ id: to, strength }]);
  };
  for (const link of links) {
    connect(link.sourceEventId, link.targetEventId, link.strength);
    connect(link.targetEventId, link.sourceEventId, link.strength);
  }
  const best = new Map<string, number>([[rootId, 1]]);
  const done = new Set<string>();
  const heap = new MaxHeap();
  heap.push(rootId, 1);
  for (let next = heap.pop(); next; next = heap.pop()) {
    if (done.has(next.id)) continue;
    done.add(next.id);
    for (const neighbour of neighbours.get(next.id) ?? []) {
      const candidate = next.score * neighbour.strength;
      if (candidate > (best.get(neighbour.id) ?? 0)) {
        best.set(neighbour.id, candidate);
        heap.push(neighbour.id, candidate);
      }
    }
  }
  return best;
}

/**
 * The overall `correlationStrength` of a lineage: the mean, over the related events (root
 * excluded), of their strongest-path strength from the root; 0 when nothing is related.
 * It is in [0, 1]; 1 means every related event is reached through links of strength 1
 * (identity or closing-word evidence all the way).
 */
export function overallStrength(rootId: string, strengths: ReadonlyMap<string, number>): number {
  let total = 0;
  let count = 0;
  for (const [id, strength] of strengths) {
    if (id === rootId) continue;
    total += strength;
    count += 1;
  }
  return count === 0 ? 0 : Math.round((total / count) * 1e6) / 1e6;
}

/** A binary max-heap of scored ids. */
class MaxHeap {
  private readonly items: { id: string; score: number }[] = [];

  push(id: string, score: number): void {
    const items = this.items;
    items.push({ id, score });
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent]!.score >= items[index]!.score) break;
      [items[parent], items[index]] = [items[index]!, items[parent]!];
      index = parent;
    }
  }

  pop(): { id: string; score: number } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let largest = index;
        if (left < items.length && items[left]!.score > items[largest]!.score) largest = left;
        if (right < items.length && items[right]!.score > items[largest]!.score) largest = right;
        if (largest === index) break;
        [items[largest], items[index]] = [items[index]!, items[largest]!];
        index = largest;
      }
    }
    return top;
  }
}
