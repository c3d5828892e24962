/** What {@link walkLineage} needs to know about a link. */
export interface LinkEnds {
  /** Link id. */
  id: string;
  /** One end. */
  sourceEventId: string;
  /** The other end. */
  targetEventId: string;
}

/** What {@link walkLineage} found. */
export interface LineageWalk<Link extends LinkEnds = LinkEnds> {
  /** Distance from the root by event id, in visiting order (the root first). */
  depths: Map<string, number>;
  /** Every link between visited events, each once, ordered by id. */
  links: Link[];
  /** True when an event at `maxDepth` had a link to an unvisited event. */
  truncated: boolean;
}

/**
 * Breadth-first walk over links in both directions from `rootId`. Each event is visited
 * once, at its shortest distance, so cycles end the walk instead of looping.
 *
 * @param linksOf the links touching an event
 */
export function walkLineage<Link extends LinkEnds>(
  rootId: string,
  maxDepth: number,
  linksOf: (eventId: string) => readonly Link[],
): LineageWalk<Link> {
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
  const links = new Map<string, Link>();
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
