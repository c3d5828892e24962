import {
  type ErrorInfo,
  emitInstrumentation,
  type Instrumentation,
} from "../contracts/instrumentation";
import type { EventBus } from "./event-bus";

/** Where errors without a caller go. */
export interface ErrorSinks {
  /** Receives `onError`. */
  instrumentation?: Instrumentation;
  /** Receives an `error` event. */
  bus?: EventBus;
  /** Last resort when nobody else listens; defaults to `console`. */
  logger?: Pick<Console, "error">;
}

/**
 * Reports an error that has no caller to throw to (post-ack work, background tasks).
 * It goes to `Instrumentation.onError` and the bus's `error` event; when neither is
 * listening it is logged, so it is never swallowed silently.
 */
export function reportError(sinks: ErrorSinks, info: ErrorInfo): void {
  emitInstrumentation(sinks.instrumentation, "onError", info);
  const busListening = (sinks.bus?.listenerCount("error") ?? 0) > 0;
  if (busListening) sinks.bus!.emit("error", info);
  if (!busListening && !sinks.instrumentation?.onError) {
    (sinks.logger ?? console).error(
      `[contexten] ${info.phase} failed${info.eventId ? ` for event ${info.eventId}` : ""}:`,
      info.error,
    );
  }
}
