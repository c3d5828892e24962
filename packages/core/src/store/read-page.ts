import type { EventQuery } from "../contracts/event-store";
import { matchesTypeGlob } from "../models/event-pattern";
import { decodeCursor, encodeCursor } from "./event-cursor";
import { readTypeGlobs, toList } from "./store-input";
import type { StoredEvent, StoredEventList } from "./stored-event-list";

/** One page of records and the cursor to the next, if there is one. */
export interface RecordPage {
  /** Records in the requested order. */
  records: StoredEvent[];
  /** Cursor after the last record, when more match. */
  nextCursor?: string;
}

/**
 * Reads one page of `list` (sorted oldest first) for `query`: the time range and the
 * cursor become index bounds by binary search, then the walk goes newest or oldest first
 * from the cursor, skipping records the platform and type filters reject, and looks one
 * record ahead to know whether another page exists.
 */
export function readPage(list: StoredEventList, query: EventQuery, limit: number): RecordPage {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const platforms = toList(query.platform);
  const types = readTypeGlobs(query.type);
  const accepts = (record: StoredEvent) =>
    (!platforms || platforms.includes(record.platform)) &&
    (!types || types.some((glob) => matchesTypeGlob(glob, record.type)));

  // Bounds as indexes into the sorted list: [first, end).
  let first = query.since ? list.lowerBound(query.since.getTime(), "") : 0;
  let end = query.until ? list.lowerBound(query.until.getTime(), "") : list.length;
  const newest = (query.order ?? "newest") === "newest";
  if (cursor && newest) end = Math.min(end, list.lowerBound(cursor.time, cursor.id));
  if (cursor && !newest) first = Math.max(first, list.upperBound(cursor.time, cursor.id));

  const records: StoredEvent[] = [];
  for (const record of list.range(first, end, newest)) {
    if (!accepts(record)) continue;
    if (records.length === limit) {
      const last = records[records.length - 1]!;
      return { records, nextCursor: encodeCursor(last) };
    }
    records.push(record);
  }
  return { records };
}
