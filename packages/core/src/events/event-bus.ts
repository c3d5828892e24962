import { EventEmitter } from "eventemitter3";
import type {
  CorrelationSkippedInfo,
  ErrorInfo,
  RateLimitWaitInfo,
  WorkflowExecutionInfo,
} from "../contracts/instrumentation";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";

/** Everything the bus carries, by event name, with listener arguments. */
export interface ContextenEventMap {
  /** An event was stored (after the webhook was acknowledged). */
  event: [event: CorrelatedEvent];
  /** Two events were linked. */
  correlation: [correlation: Correlation, source: CorrelatedEvent, target: CorrelatedEvent];
  /** Correlation left events out because of their age (see `CorrelationSkippedInfo`). */
  "correlation-skipped": [info: CorrelationSkippedInfo];
  /** A workflow changed state. */
  workflow: [info: WorkflowExecutionInfo];
  /** A request waited for rate-limit budget. */
  "rate-limit": [info: RateLimitWaitInfo];
  /** Work that had no caller to throw to failed (post-ack handlers, correlation). */
  error: [info: ErrorInfo];
}

/**
 * A typed event bus (eventemitter3). Listeners get typed arguments:
 * `bus.on("correlation", (link, source, target) => …)`.
 *
 * Unlike Node's EventEmitter, an `error` with no listener is not thrown; contexten
 * reports it through `Instrumentation.onError` and logs it instead.
 */
export class EventBus extends EventEmitter<ContextenEventMap> {}

/** Creates an {@link EventBus}. */
export function createEventBus(): EventBus {
  return new EventBus();
}
