import type { EventStore } from "../contracts/event-store";
import {
  type CorrelationSkippedInfo,
  emitInstrumentation,
  type Instrumentation,
} from "../contracts/instrumentation";
import type { EventBus } from "../events/event-bus";
import { type ErrorSinks, reportError } from "../events/report-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import type { AgeWindow } from "./age-window";

/** Where the correlation engine's notices go. */
export interface NoticeSinks extends ErrorSinks {
  /** Receives `correlation` and `correlation-skipped` (and `error`). */
  bus?: EventBus;
  /** Receives `onCorrelationMatch` and `onCorrelationSkipped` (and `onError`). */
  instrumentation?: Instrumentation;
  /** Report matches to instrumentation (`CorrelationConfig.enableAnalytics`). */
  analytics: boolean;
}

/**
 * Tells the bus and instrumentation about new links (`correlation`, `onCorrelationMatch`)
 * and about events left out for their age (`correlation-skipped`,
 * `onCorrelationSkipped`). A throwing listener is reported, never rethrown: correlation
 * has already happened and its caller has no use for the listener's error.
 */
export class CorrelationNotices {
  constructor(
    private readonly sinks: NoticeSinks,
    private readonly store: EventStore,
  ) {}

  /**
   * Announces the new links of one event. Bus listeners get whole events with their new
   * group; candidates read without payloads are read again for them, and only then.
   */
  async linked(
    event: CorrelatedEvent,
    linked: readonly CorrelatedEvent[],
    newLinks: readonly Correlation[],
    correlationId: string,
    payloadsRead: boolean,
  ): Promise<void> {
    const { bus } = this.sinks;
    let events = new Map<string, CorrelatedEvent>();
    if (newLinks.length > 0 && (bus?.listenerCount("correlation") ?? 0) > 0) {
      const whole = payloadsRead ? linked : await this.withPayloads(linked, newLinks);
      events = new Map([event, ...whole].map((item) => [item.id, { ...item, correlationId }]));
    }
    for (const link of newLinks) {
      if (this.sinks.analytics) {
        emitInstrumentation(this.sinks.instrumentation, "onCorrelationMatch", {
          rule: link.rule,
          sourceEventId: link.sourceEventId,
          targetEventId: link.targetEventId,
          strength: link.strength,
        });
      }
      const source = events.get(link.sourceEventId);
      const target = events.get(link.targetEventId);
      if (source && target) {
        this.emit(link.sourceEventId, () => bus?.emit("correlation", link, source, target));
      }
    }
  }

  /** Reports events left out for their age: the event itself, and `tooOld` candidates. */
  skipped(eventId: string, window: AgeWindow, tooOld: number): void {
    const horizon = window.since;
    const notices: CorrelationSkippedInfo[] = [];
    if (window.eventTooOld) notices.push({ reason: "event_too_old", eventId, count: 1, horizon });
    if (tooOld > 0) notices.push({ reason: "candidates_too_old", eventId, count: tooOld, horizon });
    for (const info of notices) {
      emitInstrumentation(this.sinks.instrumentation, "onCorrelationSkipped", info);
      this.emit(eventId, () => this.sinks.bus?.emit("correlation-skipped", info));
    }
  }

  private emit(eventId: string, send: () => void): void {
    try {
      send();
    } catch (error) {
      reportError(this.sinks, { phase: "correlation.listener", error, eventId });
    }
  }

  /** The linked events that `links` touch, read again with their payloads. */
  private async withPayloads(
    linked: readonly CorrelatedEvent[],
    links: readonly Correlation[],
  ): Promise<CorrelatedEvent[]> {
    const touched = new Set(links.flatMap((link) => [link.sourceEventId, link.targetEventId]));
    const whole: CorrelatedEvent[] = [];
    for (const item of linked) {
      if (touched.has(item.id)) whole.push((await this.store.get(item.id)) ?? item);
    }
    return whole;
  }
}
