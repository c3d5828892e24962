import { ValidationError } from "../../errors/validation-error";
import { describeValue } from "./storable-text";

/** Earliest instant a store keeps: 0001-01-01T00:00:00.000Z. */
export const EARLIEST_STORABLE_TIME = Date.parse("0001-01-01T00:00:00.000Z");
/** Latest instant a store keeps: 9999-12-31T23:59:59.999Z. */
export const LATEST_STORABLE_TIME = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * Whether a date lies in the years 1 to 9999: what PostgreSQL's `timestamptz` parses
 * from an ISO string and what `toISOString` writes without an expanded (`+275760`) year.
 */
export function isStorableTime(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_STORABLE_TIME && time <= LATEST_STORABLE_TIME;
}

/** The note left when `occurredAt` was replaced by `receivedAt`. */
export function occurredAtNote(original: unknown, reason: string): string {
  return `occurredAt: ${describeValue(original)} ${reason}; receivedAt used instead`;
}

/** The note for an `occurredAt` outside {@link isStorableTime}. */
export function outOfRangeNote(original: Date): string {
  return occurredAtNote(original, "is outside the years 1 to 9999 stores keep");
}

/**
 * Throws `ValidationError` unless `receivedAt` can be stored: it is when contexten (or
 * the caller) received the event, so there is nothing sensible to put in its place.
 */
export function assertStorableReceivedAt(receivedAt: Date): void {
  if (isStorableTime(receivedAt)) return;
  throw new ValidationError({
    message: `Invalid CorrelatedEvent:\n  - receivedAt: ${describeValue(receivedAt)} is outside the years 1 to 9999; pass the time the event was received.`,
    issues: [{ path: "receivedAt", message: "must be within the years 1 to 9999" }],
  });
}

function asValidDate(value: unknown): Date | undefined {
  try {
    const date = value instanceof Date ? value : new Date(value as string);
    return Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    // new Date(Symbol()) throws; such a value is simply not a date.
    return undefined;
  }
}

/**
 * Before validation: when an event's `occurredAt` is present but not a valid date (an
 * `Invalid Date`, a string no date parses from) and its `receivedAt` is valid, a copy
 * with `occurredAt` set to `receivedAt` and a note carrying the original value;
 * otherwise `input` itself (validation then reports whatever is wrong).
 */
export function repairOccurredAtInput(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const { occurredAt, receivedAt, notes } = input as Record<string, unknown>;
  if (occurredAt instanceof Date && !Number.isNaN(occurredAt.getTime())) return input;
  if (occurredAt === undefined || occurredAt === null || asValidDate(occurredAt)) return input;
  const received = asValidDate(receivedAt);
  if (!received || (notes !== undefined && !Array.isArray(notes))) return input;
  return {
    ...input,
    occurredAt: received,
    notes: [
      ...((notes as unknown[] | undefined) ?? []),
      occurredAtNote(occurredAt, "is not a date"),
    ],
  };
}
