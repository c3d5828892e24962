import type { Clock } from "../clock/clock";
import type { EventStore } from "../contracts/event-store";
import type { Instrumentation } from "../contracts/instrumentation";
import type { WebhookSource } from "../contracts/webhook-source";
import { ConfigurationError } from "../errors/configuration-error";
import type { EventBus } from "../events/event-bus";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { PostAckContext } from "./pipeline/after-ack-runner";

/** Default body size limit: 5 MiB (GitHub caps payloads at 25 MB; most are far smaller). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Default time allowed for a request body to arrive in full: 10 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** Default time allowed for storing a delivery before answering 503: 5 s. */
export const DEFAULT_STORE_TIMEOUT_MS = 5_000;
/** Default number of deliveries whose after-ack work may run at once: 1,000. */
export const DEFAULT_MAX_PENDING_AFTER_ACK = 1_000;
/** Default lease on a delivery's after-ack work: 5 minutes. */
export const DEFAULT_AFTER_ACK_LEASE_MS = 5 * 60_000;
/** Default interval between sweeps for pending after-ack work: 30 s. */
export const DEFAULT_RESUME_INTERVAL_MS = 30_000;

/** Options for `createWebhookHandler`. */
export interface WebhookHandlerOptions {
  /** One source, or several routed by {@link WebhookSource.matches}. */
  sources: WebhookSource<unknown> | readonly WebhookSource<unknown>[];
  /** Where events and delivery ids are stored before the ack. */
  store: EventStore;
  /**
   * Runs for each newly stored event after the ack, in delivery order; put correlation
   * and handlers here. Failures go to `Instrumentation.onError` and the bus's `error`.
   * Whatever it returns (or resolves to) is ignored, so
   * `onEvent: (event) => engine.processStoredEvent(event)` plugs a `CorrelationEngine` in (the
   * event is stored already, so the engine neither appends nor reads it again).
   *
   * It runs at least once per stored event: with a store that has the delivery lifecycle
   * (`MemoryEventStore`, `@contexten/storage-postgres`), work cut short by a crash runs
   * again on redelivery or in the next sweep (`context.resumed` is then true), so make it
   * idempotent per event id (the correlation engine is).
   */
  onEvent?: ((event: CorrelatedEvent, context: PostAckContext) => unknown) | undefined;
  /** Receives `event` after the ack and `error` for post-ack failures. */
  bus?: EventBus | undefined;
  /** Metrics hooks. */
  instrumentation?: Instrumentation | undefined;
  /** Largest accepted body in bytes; larger requests get 413. Default 5 MiB. */
  maxBodyBytes?: number | undefined;
  /**
   * Time a request body may take to arrive in full, ms (default 10 s). A slower body is
   * answered 408 and its connection closed; a client that disconnects mid-body is dropped
   * without an answer.
   */
  bodyTimeoutMs?: number | undefined;
  /**
   * Time the store may take to write a delivery, ms (default 5 s). When it takes longer
   * the request is answered 503 (the platform retries); if the write completes later,
   * its after-ack work still runs and the retry is acknowledged as a duplicate.
   */
  storeTimeoutMs?: number | undefined;
  /**
   * Deliveries whose after-ack work may run at once (default 1,000). When full, new
   * deliveries are still stored and acknowledged, and their work is left pending in the
   * store for the sweep to pick up when there is room; with a store without the delivery
   * lifecycle the ack waits for room instead. Memory stays bounded either way.
   */
  maxPendingAfterAck?: number | undefined;
  /**
   * How long a receiver holds a delivery's after-ack work before another may take it
   * over, ms (default 5 minutes). Work for one delivery should finish well within it.
   */
  afterAckLeaseMs?: number | undefined;
  /**
   * How often to sweep the store for pending after-ack work (shed, or left by a crashed
   * receiver), ms (default 30 s; `0` turns the sweep off, call `resumePending()` yourself).
   */
  resumeIntervalMs?: number | undefined;
  /** Time source for leases and sweeps (default the system clock). */
  clock?: Clock | undefined;
  /** Logger for errors nobody else listens to. Defaults to `console`. */
  logger?: Pick<Console, "error"> | undefined;
}

/** A positive integer option, or its default; anything else is a configuration error. */
export function positiveOption(
  name: string,
  value: number | undefined,
  fallback: number,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ConfigurationError({
      message: `createWebhookHandler: ${name} must be ${allowZero ? "a non-negative" : "a positive"} integer (milliseconds or a count), got ${String(value)}.`,
    });
  }
  return value;
}
