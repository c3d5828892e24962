import type { CorrelationEngine, EventLineage, EventStore } from "@contexten/core";

/** What a search needs: the store for event ids, the engine for references. */
export interface SearchSources {
  /** Events by id. */
  store: Pick<EventStore, "get">;
  /** Lineage of an event or of what a reference names. */
  engine: Pick<CorrelationEngine, "getEventLineage" | "getLineageByReference">;
}

/**
 * The lineage a search text stands for: an event id, else what the text names (an issue
 * key such as `ENG-123`, `owner/repo#42`, a GitHub, Linear or Slack URL, a sha, a
 * correlation key). Undefined when nothing stored matches; throws `ValidationError`
 * when the text names nothing recognizable.
 */
export async function lineageForSearch(
  sources: SearchSources,
  text: string,
): Promise<EventLineage | undefined> {
  const query = text.trim();
  const byId = await sources.store.get(query, { payload: false }).catch(() => undefined);
  if (byId) return sources.engine.getEventLineage(byId.id, { payload: false });
  return sources.engine.getLineageByReference(query, { payload: false });
}
