import type { EventStore } from "../contracts/event-store";
import { SealedValues } from "../immutable/sealed-values";
import {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
} from "../models/correlated-event";

/**
 * Freezes an event's nested parts the schema checks: subject, keys and refs (each ref
 * too). Shared by sealing and by stores that hand out decoded parts to several readers.
 */
export function freezeEventParts(event: Pick<CorrelatedEvent, "subject" | "keys" | "refs">): void {
  Object.freeze(event.subject);
  Object.freeze(event.keys);
  for (const ref of event.refs) Object.freeze(ref);
  Object.freeze(event.refs);
}

/** Freezes what the schema checks: the event and its nested parts. */
function freezeEvent(event: CorrelatedEvent): void {
  freezeEventParts(event);
  Object.freeze(event);
}

/** Events validated once and frozen; see {@link sealEvent}. */
export const sealedEvents = new SealedValues(correlatedEventSchema, "CorrelatedEvent", freezeEvent);

/**
 * Validates an event once and freezes it (the event, subject, keys and refs; the payload
 * is frozen already when a webhook source parsed it). Stores and the correlation engine
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
 * is, anything else is parsed with `correlatedEventSchema`. For {@link EventStore}
 * implementations. Throws `ValidationError`.
 */
export function parseCorrelatedEvent(input: unknown, what = "CorrelatedEvent"): CorrelatedEvent {
  return sealedEvents.parse(input, what);
}
