import type { CorrelatedEvent } from "@contexten/core";

/** Builds an event the router stores for itself (platform `contexten`). */
export function internalEvent(options: {
  id: string;
  type: string;
  now: number;
  subjectId: string;
  keys: string[];
  payload: Record<string, unknown>;
  parentEventId?: string | undefined;
}): CorrelatedEvent {
  const at = new Date(options.now);
  return {
    id: options.id,
    type: options.type,
    platform: "contexten",
    occurredAt: at,
    receivedAt: at,
    subject: { kind: "notification", id: options.subjectId },
    keys: options.keys,
    refs: [],
    payload: options.payload,
    parentEventId: options.parentEventId ?? null,
  };
}
