import type { EventStore } from "../contracts/event-store";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { EventLineage } from "../models/event-lineage";
import { runKeyLookups } from "./key-lookups";
import { overallStrength, strongestPathStrengths } from "./lineage-strength";

/** Options for reading a lineage. */
export interface LineageReadOptions {
  /** Links to follow at most. */
  maxDepth: number;
  /** `false` leaves payloads out (`payload: {}`), whether or not the store can. */
  payload?: boolean | undefined;
}

/** The lineage of a stored event (see `CorrelationEngine.getEventLineage`), or `undefined`. */
export async function readLineage(
  store: EventStore,
  eventId: string,
  options: LineageReadOptions,
): Promise<EventLineage | undefined> {
  const lean = options.payload === false;
  const graph = await store.lineage(eventId, {
    maxDepth: options.maxDepth,
    ...(lean ? { payload: false } : {}),
  });
  if (!graph) return undefined;
  // A store may ignore `payload: false`; the answer must not depend on which store it is.
  const shape = lean ? (event: CorrelatedEvent) => ({ ...event, payload: {} }) : undefined;
  const strengths = strongestPathStrengths(eventId, graph.links);
  const workflows = new Set<string>();
  for (const event of graph.events) if (event.workflowId) workflows.add(event.workflowId);
  const related = graph.events.filter((event) => event.id !== eventId);
  return {
    rootEvent: shape ? shape(graph.root) : graph.root,
    relatedEvents: shape ? related.map(shape) : related,
    workflowsTriggered: [...workflows].sort(),
    correlationStrength: overallStrength(eventId, strengths),
    links: graph.links,
    depths: graph.depths,
    strengths: Object.fromEntries(strengths),
    correlationId: graph.root.correlationId ?? null,
    truncated: graph.truncated,
  };
}

/**
 * The newest stored event that *is* one of `keys`, trying the keys in order (the first
 * key any event is wins); failing that, the newest event that mentions one, in the same
 * way. One store call; `undefined` when no event is or mentions any of them.
 */
export async function newestEventOf(
  store: EventStore,
  keys: readonly string[],
  fallbackLimit: number,
): Promise<CorrelatedEvent | undefined> {
  const answers = await runKeyLookups(
    store,
    (["keys", "refs"] as const).flatMap((match) =>
      keys.map((key) => ({ key, match, order: "newest" as const, limit: 1 })),
    ),
    { payload: false },
    fallbackLimit,
  );
  return answers.find((events) => events.length > 0)?.[0];
}
