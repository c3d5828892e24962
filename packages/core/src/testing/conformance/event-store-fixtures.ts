import type { CorrelatedEvent, CorrelatedEventInput } from "../../models/correlated-event";
import { correlatedEventSchema } from "../../models/correlated-event";
import type { Correlation } from "../../models/correlation";

/** Start of the conformance suite's timeline. */
export const BASE_TIME = Date.parse("2030-01-01T00:00:00.000Z");

/** `evt-0007`: fixed-width ids sort the same under every collation. */
export function eventId(n: number): string {
  return `evt-${String(n).padStart(4, "0")}`;
}

/** A valid event numbered `n`, occurring `minute` minutes after {@link BASE_TIME}. */
export function makeEvent(
  n: number,
  overrides: Partial<CorrelatedEventInput> & { minute?: number } = {},
): CorrelatedEvent {
  const { minute = n, ...rest } = overrides;
  return correlatedEventSchema.parse({
    id: eventId(n),
    type: "test.thing.happened",
    platform: "github",
    occurredAt: new Date(BASE_TIME + minute * 60_000),
    receivedAt: new Date(BASE_TIME + minute * 60_000 + 1000),
    subject: { kind: "thing", id: `thing-${n}` },
    ...rest,
  });
}

/** A link between two numbered events. */
export function makeLink(
  source: number,
  target: number,
  overrides: Partial<Correlation> = {},
): Correlation {
  return {
    id: `link-${eventId(source)}-${eventId(target)}`,
    sourceEventId: eventId(source),
    targetEventId: eventId(target),
    rule: "conformance_rule",
    strength: 0.9,
    evidence: [{ key: `test:key:${source}`, evidence: "body" }],
    createdAt: new Date(BASE_TIME),
    ...overrides,
  };
}

/** Ids of events, in order. */
export function idsOf(events: readonly Pick<CorrelatedEvent, "id">[]): string[] {
  return events.map((event) => event.id);
}

/**
 * The event with absent optional ids as `null`: a store may read back an omitted
 * `deliveryId`, `correlationId`, `parentEventId` or `workflowId` as `null`.
 */
export function comparable(event: CorrelatedEvent | undefined): CorrelatedEvent | undefined {
  if (!event) return undefined;
  return {
    ...event,
    deliveryId: event.deliveryId ?? null,
    correlationId: event.correlationId ?? null,
    parentEventId: event.parentEventId ?? null,
    workflowId: event.workflowId ?? null,
  };
}
