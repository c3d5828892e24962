import type { DeliveryRecord, StoreDeliveryStatus } from "../../contracts/delivery-record";
import type { EventStore } from "../../contracts/event-store";
import { ValidationError } from "../../errors/validation-error";
import { type ErrorSinks, reportError } from "../../events/report-error";
import { refuse, type StepRefusal } from "./refusal";

/** What storing a delivery decided. */
export interface StoredDelivery {
  /** `stored` and `resumed` deliveries get their after-ack work run; see `StoreDeliveryStatus`. */
  status: StoreDeliveryStatus;
  /** Ids of the delivery's events. */
  eventIds: string[];
  /** Whether the store tracks the after-ack work (it has `completeDelivery`). */
  tracked: boolean;
}

/** Options of {@link storeDeliveryStep}. */
export interface StoreStepOptions {
  /** Where to write. */
  store: EventStore;
  /** Time allowed for the write before answering 503, ms. */
  timeoutMs: number;
  /** Lease on the after-ack work; `undefined` leaves it to a later sweep (shedding). */
  leaseUntil: Date | undefined;
  /** No after-ack work: the delivery is stored as done. */
  done: boolean;
  /** The current time. */
  now: Date;
  /** Where failures are reported. */
  sinks: ErrorSinks;
  /**
   * Receives the result of a write that finished after its deadline had already been
   * answered with 503: the events are stored, so their after-ack work must still run.
   */
  onLateResult(result: StoredDelivery): void;
}

/**
 * Writes the delivery's events and record in one step (the store's atomic
 * `storeDelivery`, or `append` then `recordDelivery` for stores without it) under a
 * deadline. A store that is down or slower than the deadline gets 503 (the platform
 * retries; nothing half-written); events the store refuses as invalid get 422, because
 * sending them again cannot help.
 */
export async function storeDeliveryStep(
  delivery: DeliveryRecord,
  options: StoreStepOptions,
): Promise<StoredDelivery | StepRefusal> {
  const write = writeDelivery(delivery, options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
  });
  try {
    const result = await Promise.race([write, deadline]);
    if (result !== "timeout") return result;
  } catch (error) {
    return storeFailure(delivery, error, options.sinks);
  } finally {
    clearTimeout(timer);
  }
  write.then(
    (late) => {
      if (late.status !== "duplicate") options.onLateResult(late);
    },
    (error: unknown) => {
      reportError(options.sinks, {
        phase: "webhook.store",
        error,
        platform: delivery.platform,
        deliveryId: delivery.deliveryId,
      });
    },
  );
  reportError(options.sinks, {
    phase: "webhook.store",
    error: new Error(`the event store did not answer within ${options.timeoutMs} ms`),
    platform: delivery.platform,
    deliveryId: delivery.deliveryId,
  });
  return refuse(
    503,
    "store_unavailable",
    `The event store did not answer within ${options.timeoutMs} ms; the delivery was not acknowledged, retry later.`,
    { "retry-after": "10" },
  );
}

async function writeDelivery(
  delivery: DeliveryRecord,
  options: StoreStepOptions,
): Promise<StoredDelivery> {
  const { store } = options;
  if (store.storeDelivery && store.completeDelivery) {
    const result = await store.storeDelivery(delivery, {
      leaseUntil: options.leaseUntil,
      now: options.now,
      ...(options.done ? { done: true } : {}),
    });
    return { ...result, tracked: true };
  }
  if (delivery.events.length > 0) await store.append(delivery.events);
  const first = await store.recordDelivery(
    delivery.platform,
    delivery.deliveryId,
    delivery.receivedAt,
  );
  return {
    status: first ? "stored" : "duplicate",
    eventIds: delivery.events.map((event) => event.id),
    tracked: false,
  };
}

function storeFailure(delivery: DeliveryRecord, error: unknown, sinks: ErrorSinks): StepRefusal {
  reportError(sinks, {
    phase: "webhook.store",
    error,
    platform: delivery.platform,
    deliveryId: delivery.deliveryId,
  });
  if (ValidationError.isInstance(error)) {
    return refuse(
      422,
      "event_invalid",
      `The ${delivery.platform} delivery's events cannot be stored; sending it again will not help. The details are in the receiver's logs.`,
    );
  }
  return refuse(
    503,
    "store_unavailable",
    "The event store is unavailable; the delivery was not acknowledged, retry later.",
    { "retry-after": "10" },
  );
}
