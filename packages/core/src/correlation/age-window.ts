import type { CorrelationConfig } from "../config/correlation-config";
import type { CorrelatedEvent } from "../models/correlated-event";

const DAY_MS = 86_400_000;

/** Which stored events are young enough for an event to link to, by `occurredAt`. */
export interface AgeWindow {
  /** Events that occurred before this instant are left out. */
  since: Date;
  /** Events that occurred at or after this instant are left out, when set. */
  until?: Date;
  /** True when the event itself occurred before `since`. */
  eventTooOld: boolean;
}

/**
 * The age window of one event. By default it is retention measured from now, the same
 * horizon `prune` uses: `[now − eventRetentionDays, ∞)`. With `correlateOlderEvents` it is
 * measured from the event instead, `[occurredAt − days, occurredAt + days]`, which is
 * symmetric, so whether two events may link never depends on which arrived last.
 */
export function ageWindow(
  event: CorrelatedEvent,
  now: Date,
  config: Pick<CorrelationConfig, "eventRetentionDays" | "correlateOlderEvents">,
): AgeWindow {
  const span = config.eventRetentionDays * DAY_MS;
  if (config.correlateOlderEvents) {
    const time = event.occurredAt.getTime();
    return { since: new Date(time - span), until: new Date(time + span + 1), eventTooOld: false };
  }
  const since = new Date(now.getTime() - span);
  return { since, eventTooOld: event.occurredAt < since };
}
