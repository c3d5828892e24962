import type { CorrelatedEvent, EventRef, EventSubject } from "../../models/correlated-event";
import { boundCorrelationKey, MAX_CORRELATION_KEY_BYTES, utf8Length } from "./bound-key";
import { storablePayload } from "./storable-payload";
import { describeReplacements, needsTextRepair, repairText } from "./storable-text";
import { assertStorableReceivedAt, isStorableTime, outOfRangeNote } from "./storable-time";

/** Collects the notes of one event's repairs. */
type Notes = string[];

/** `value` with NUL characters and lone surrogates replaced, noting it under `path`. */
function storableText(value: string, path: string, notes: Notes): string {
  if (!needsTextRepair(value)) return value;
  const tally = { nul: 0, surrogates: 0 };
  const repaired = repairText(value, tally);
  notes.push(describeReplacements(path, tally)!);
  return repaired;
}

/** An optional string field (`undefined` and `null` pass through). */
function storableOptional<Value extends string | null | undefined>(
  value: Value,
  path: string,
  notes: Notes,
): Value {
  return (typeof value === "string" ? storableText(value, path, notes) : value) as Value;
}

/** A correlation key: repaired text, then bounded to what stores index. */
function storableKey(key: string, path: string, notes: Notes): string {
  const text = storableText(key, path, notes);
  const bounded = boundCorrelationKey(text);
  if (bounded !== text) {
    notes.push(
      `${path}: ${utf8Length(text).toLocaleString("en-US")}-byte key shortened to at most ${MAX_CORRELATION_KEY_BYTES.toLocaleString("en-US")} bytes, ending in a hash of the whole key`,
    );
  }
  return bounded;
}

/** The list itself when no item changed, otherwise the changed copy. */
function mapList<Item>(list: readonly Item[], repair: (item: Item, index: number) => Item): Item[] {
  let copy: Item[] | undefined;
  for (let index = 0; index < list.length; index += 1) {
    const item = list[index]!;
    const repaired = repair(item, index);
    if (repaired !== item) copy ??= list.slice(0, index);
    copy?.push(repaired);
  }
  return copy ?? (list as Item[]);
}

/** Whether an optional string needs repair; checked before anything is copied. */
function needsRepair(value: string | undefined): boolean {
  return value !== undefined && needsTextRepair(value);
}

function storableSubject(subject: EventSubject, notes: Notes): EventSubject {
  if (
    !needsTextRepair(subject.kind) &&
    !needsTextRepair(subject.id) &&
    !needsRepair(subject.key) &&
    !needsRepair(subject.url) &&
    !needsRepair(subject.title)
  ) {
    return subject;
  }
  const repaired: EventSubject = {
    ...subject,
    kind: storableText(subject.kind, "subject.kind", notes),
    id: storableText(subject.id, "subject.id", notes),
  };
  for (const field of ["key", "url", "title"] as const) {
    const value = subject[field];
    if (value !== undefined) repaired[field] = storableText(value, `subject.${field}`, notes);
  }
  return repaired;
}

function storableRef(ref: EventRef, index: number, notes: Notes): EventRef {
  const key = storableKey(ref.key, `refs[${index}].key`, notes);
  if (key === ref.key && !needsRepair(ref.field) && !needsRepair(ref.excerpt)) return ref;
  const repaired: EventRef = { ...ref, key };
  for (const field of ["field", "excerpt"] as const) {
    const value = ref[field];
    if (value !== undefined)
      repaired[field] = storableText(value, `refs[${index}].${field}`, notes);
  }
  return repaired;
}

/**
 * The event as every store can keep it: `event` itself when nothing needs changing (the
 * common case, checked without copying anything), otherwise a copy whose `notes` list
 * each change after any notes it had.
 *
 * - NUL characters and lone surrogates in any string (ids, subject, keys, refs, notes,
 *   payload strings and property names) become U+FFFD: PostgreSQL refuses NUL in `text`
 *   and `jsonb`, and a lone surrogate has no UTF-8 encoding;
 * - a key longer than a store indexes is shortened (see `boundCorrelationKey`);
 * - an `occurredAt` outside the years 1 to 9999 becomes `receivedAt`, the note carrying
 *   the original value;
 * - a payload nested deeper than `MAX_PAYLOAD_DEPTH` is kept as its JSON text (see
 *   `UNPARSED_PAYLOAD_KEY`).
 *
 * The same event always yields the same result, and a storable event is returned as it
 * is, so appending a repaired event again changes nothing. Throws `ValidationError` when
 * `receivedAt` is outside the years 1 to 9999 or the payload is circular.
 */
export function toStorableEvent(event: CorrelatedEvent): CorrelatedEvent {
  assertStorableReceivedAt(event.receivedAt);
  const notes: Notes = [];
  const id = storableText(event.id, "id", notes);
  const deliveryId = storableOptional(event.deliveryId, "deliveryId", notes);
  const correlationId = storableOptional(event.correlationId, "correlationId", notes);
  const parentEventId = storableOptional(event.parentEventId, "parentEventId", notes);
  const workflowId = storableOptional(event.workflowId, "workflowId", notes);
  const subject = storableSubject(event.subject, notes);
  const keys = mapList(event.keys, (key, index) => storableKey(key, `keys[${index}]`, notes));
  const refs = mapList(event.refs, (ref, index) => storableRef(ref, index, notes));
  const earlier = event.notes
    ? mapList(event.notes, (note, index) => storableText(note, `notes[${index}]`, notes))
    : undefined;
  const occurredAt = isStorableTime(event.occurredAt) ? event.occurredAt : event.receivedAt;
  if (occurredAt !== event.occurredAt) notes.push(outOfRangeNote(event.occurredAt));
  const payload = storablePayload(event.payload);
  if (payload) notes.push(...payload.notes);
  if (notes.length === 0) return event;

  const repaired: CorrelatedEvent = {
    ...event,
    id,
    occurredAt,
    subject,
    keys,
    refs,
    payload: payload?.payload ?? event.payload,
    notes: [...(earlier ?? []), ...notes],
  };
  // Optional fields keep their presence: absent stays absent.
  if (event.deliveryId !== undefined) repaired.deliveryId = deliveryId;
  if (event.correlationId !== undefined) repaired.correlationId = correlationId;
  if (event.parentEventId !== undefined) repaired.parentEventId = parentEventId;
  if (event.workflowId !== undefined) repaired.workflowId = workflowId;
  return repaired;
}
