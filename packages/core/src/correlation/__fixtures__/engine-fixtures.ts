import {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
  type EventRef,
} from "../../models/correlated-event";
import { MemoryEventStore } from "../../store/memory-event-store";
import { CorrelationEngine } from "../correlation-engine";
import type { CorrelationEngineOptions } from "../correlation-engine-options";

/** The tests' "now". */
export const T0 = Date.parse("2026-05-01T12:00:00.000Z");

/** `count` minutes after {@link T0}. */
export const minutes = (count: number) => new Date(T0 + count * 60_000);

/** A valid event of `type` (its platform is the type's first segment) at a minute offset. */
export function event(
  id: string,
  type: string,
  minute: number,
  extra: Partial<CorrelatedEventInput> = {},
): CorrelatedEvent {
  return correlatedEventSchema.parse({
    id,
    type,
    platform: type.split(".")[0],
    occurredAt: minutes(minute),
    receivedAt: minutes(minute),
    subject: { kind: "thing", id },
    ...extra,
  });
}

/** A ref with `body` evidence unless told otherwise. */
export const ref = (key: string, evidence: EventRef["evidence"] = "body"): EventRef => ({
  key,
  evidence,
});

/** An engine on a fresh memory store whose clock reads {@link T0}. */
export function setup(options: Partial<CorrelationEngineOptions> = {}) {
  const store = new MemoryEventStore();
  const engine = new CorrelationEngine({ store, clock: () => minutes(0), ...options });
  return { store, engine };
}
