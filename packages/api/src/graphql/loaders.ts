import type { CorrelatedEvent, Correlation, EventStore } from "@contexten/core";
import DataLoader from "dataloader";

/** Per-request loaders, so a list of events with their links reads the store once per field, not once per item. */
export interface ApiLoaders {
  /** Links of events, by event id (one `linksOfMany` call per batch when the store has it). */
  links: DataLoader<string, Correlation[]>;
  /** Events by id (deduplicated and cached for the request). */
  events: DataLoader<string, CorrelatedEvent | undefined>;
}

/** Creates fresh loaders for one request. */
export function createLoaders(store: EventStore): ApiLoaders {
  return {
    links: new DataLoader(async (ids) =>
      store.linksOfMany ? store.linksOfMany(ids) : Promise.all(ids.map((id) => store.linksOf(id))),
    ),
    events: new DataLoader(async (ids) => Promise.all(ids.map((id) => store.get(id)))),
  };
}
