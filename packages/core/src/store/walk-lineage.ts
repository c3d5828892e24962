import type { Correlation } from "../models/correlation";

/** What {@link walkLineage} found. */
export interface LineageWalk {
  /** Distance from the root by event id, in visiting order (the root first). */
  depths: Map<string, number>;
  /** Every link between visited events, each once. */
  links: Correlation[];
  /** True when an event at `maxDepth` had a link to an unvisited event. */
  truncated: boolean;
}

/**
 * Breadth-first walk over links in both directions from `rootId`. Each event is visited
 * once, at its shortest distance, so cycles end the walk instead of looping.
 *
 * @param linksOf the links touching an event
 */
export function walkLineage(
  rootId: string,
  maxDepth: number,
  linksOf: (eventId: string) => readonly Correlation[],
): LineageWalk {
  const depths = new Map<string, number>([[rootId, 0]]);
  let frontier = [rootId];
  let truncated = false;
  for (let depth = 0; frontier.length > 0; depth += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const link of linksOf(id)) {
        const other = link.sourceEventId === id ? link.targetEventId : link.sourceEventId;
        if (depths.has(other)) continue;
        if (depth === maxDepth) {
          truncated = true;
          continue;
        }
        depths.set(other, depth + 1);
        next.push(other);
      }
    }
    frontier = next;
  }
  const links = new Map<string, Correlation>();
  for (const id of depths.keys()) {
    for (const link of linksOf(id)) {
      if (depths.has(link.sourceEventId) && depths.has(link.targetEventId)) {
        links.set(link.id, link);
      }
    }
  }
  return {
    depths,
    links: [...links.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    truncated,
  };
}
