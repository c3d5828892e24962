import type { WriteResult } from "../contracts/event-store";
import type { Correlation } from "../models/correlation";
import { appendId } from "./key-index";
import { encodeLink, type StoredLink } from "./stored-record-codec";

/**
 * The links of a `MemoryEventStore`: each link once by id, and the ids of the links
 * touching each event, so an event's links are found without scanning.
 */
export class MemoryLinkTable {
  private readonly links = new Map<string, StoredLink>();
  private readonly idsByEvent = new Map<string, string[]>();

  /** Stores validated links whose events exist; ids already present are skipped. */
  add(links: readonly Correlation[]): WriteResult {
    const result: WriteResult = { inserted: [], existing: [] };
    for (const link of links) {
      if (this.links.has(link.id)) {
        result.existing.push(link.id);
        continue;
      }
      this.links.set(link.id, encodeLink(link));
      for (const id of new Set([link.sourceEventId, link.targetEventId])) {
        const ids = this.idsByEvent.get(id);
        this.idsByEvent.set(id, ids ? appendId(ids, link.id) : [link.id]);
      }
      result.inserted.push(link.id);
    }
    return result;
  }

  /** The links where the event is source or target, in the order they were added. */
  touching(eventId: string): StoredLink[] {
    return (this.idsByEvent.get(eventId) ?? []).map((id) => this.links.get(id)!);
  }

  /** Removes every link touching one of `eventIds`; returns how many were removed. */
  removeEvents(eventIds: readonly string[]): number {
    const removed = new Set<string>();
    for (const eventId of eventIds) {
      for (const id of this.idsByEvent.get(eventId) ?? []) removed.add(id);
      this.idsByEvent.delete(eventId);
    }
    for (const linkId of removed) {
      const link = this.links.get(linkId)!;
      this.links.delete(linkId);
      for (const id of [link.sourceEventId, link.targetEventId]) {
        const ids = this.idsByEvent.get(id);
        if (!ids) continue;
        const rest = ids.filter((candidate) => candidate !== linkId);
        if (rest.length > 0) this.idsByEvent.set(id, rest);
        else this.idsByEvent.delete(id);
      }
    }
    return removed.size;
  }
}
