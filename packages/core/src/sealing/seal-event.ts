import type { EventStore } from "../contracts/event-store";
import {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
} from "../models/correlated-event";
import { SealedValues } from "./sealed-values";
import { toStorableEvent } from "./storable/storable-event";
import { repairOccurredAtInput } from "./storable/storable-time";

/**
 * Freezes an event's nested parts the schema checks: subject, keys, refs (each ref too)
 * and notes. Shared by sealing and by stores that hand out decoded parts to several
 * readers.
 */
export function freezeEventParts(
  event: Pick<CorrelatedEvent, "subject" | "keys" | "refs" | "notes">,
): void {
  Object.freeze(event.subject);
  Object.freeze(event.keys);
  for (const ref of event.refs) Object.freeze(ref);
  Object.freeze(event.refs);
  if (event.notes) Object.freeze(event.notes);
}

/** Freezes what the schema checks: the event and its nested parts. */
function freezeEvent(event: CorrelatedEvent): void {
  freezeEventParts(event);
  Object.freeze(event);
}

/**
 * Events validated once, made storable and frozen; see {@link sealEvent}. An `occurredAt`
 * that is no date at all is repaired before validation; everything else a store could
 * not keep is repaired after it (see `toStorableEvent`).
 */
export const sealedEvents = new SealedValues(
  correlatedEventSchema,
  "CorrelatedEvent",
  freezeEvent,
  {
    prepare: repairOccurredAtInput,
    finish: toStorableEvent,
  },
);

/**
 * Validates an event once, makes it storable and freezes it (the event, subject, keys,
 * refs and notes; the payload is frozen already when a webhook source parsed it).
 * Making it storable repairs what no store could keep as is (NUL characters, lone
 * surrogates, over-long keys, dates outside the years 1 to 9999, payloads nested too
 * deep) and lists each change in the event's `notes`; see `toStorableEvent`. Stores and the correlation engine
 * accept a sealed event without validating it again, which is most of their per-event
 * cost on the webhook path. Webhook sources return sealed events; build your own with
 * `sealEvent({...})` when you append the same event to several places. Throws
 * `ValidationError` for an invalid event.
 *
 * A sealed event cannot be changed: spread it into a new object instead
 * (`{ ...event, workflowId }`), which is an ordinary, unsealed event.
 */
export function sealEvent(input: CorrelatedEvent | CorrelatedEventInput): CorrelatedEvent {
  return sealedEvents.seal(input);
}

/**
 * Validates an event for storage: a sealed event (see {@link sealEvent}) is returned as it
 * is, anything else is parsed with `correlatedEventSchema` and made storable (see
 * `toStorableEvent`), so every store keeps the same data. For {@link EventStore}
 * implementations. Throws `ValidationError`.
 */
export function parseCorrelatedEvent(input: unknown, what = "CorrelatedEvent"): CorrelatedEvent {
  return sealedEvents.parse(input, what);
}
