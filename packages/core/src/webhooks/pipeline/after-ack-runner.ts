import type { Clock, ClockTimer } from "../../clock/clock";
import type { EventStore } from "../../contracts/event-store";
import { TracedStepNames, traceStep } from "../../contracts/instrumentation";
import type { EventBus } from "../../events/event-bus";
import { type ErrorSinks, reportError } from "../../events/report-error";
import type { CorrelatedEvent } from "../../models/correlated-event";

/** Context passed to after-ack callbacks. */
export interface PostAckContext {
  /** Platform of the delivery. */
  platform: string;
  /** Delivery id. */
  deliveryId: string;
  /** Every event stored from the same delivery. */
  events: readonly CorrelatedEvent[];
  /**
   * True when this work runs again for a delivery stored earlier (its first run was cut
   * short by a crash, or it was shed while the receiver was busy).
   */
  resumed: boolean;
}

/** One delivery's after-ack work. */
export interface AfterAckWork {
  platform: string;
  deliveryId: string;
  events: readonly CorrelatedEvent[];
  resumed: boolean;
}

/** Options of {@link AfterAckRunner}. */
export interface AfterAckRunnerOptions {
  store: EventStore;
  onEvent: ((event: CorrelatedEvent, context: PostAckContext) => unknown) | undefined;
  bus: EventBus | undefined;
  sinks: ErrorSinks;
  /** Deliveries whose work may run at once; beyond it work is shed to the store. */
  maxPending: number;
  /** How long a claim on a delivery's work lasts, ms. */
  leaseMs: number;
  /** How often to look for pending work in the store, ms; 0 turns the sweep off. */
  resumeIntervalMs: number;
  /** Platforms whose pending deliveries this runner resumes. */
  platforms: readonly string[];
  clock: Clock;
}

/**
 * Runs after-ack work (the bus's `event`, `onEvent`) for each stored delivery, at most
 * `maxPending` deliveries at a time, and marks it complete in the store when done. Work
 * that finds no room, or whose receiver crashed before completing it, stays pending in
 * the store and is picked up by {@link resumePending} (a periodic sweep, or a redelivery).
 */
export class AfterAckRunner {
  private readonly inFlight = new Set<Promise<void>>();
  private sweepTimer: ClockTimer | undefined;
  private sweeping: Promise<number> | undefined;
  private shedSinceSweep = false;
  private closed = false;

  constructor(private readonly options: AfterAckRunnerOptions) {}

  /** Deliveries whose work is running. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Whether the store can hold work for later (it has the delivery lifecycle). */
  get canShed(): boolean {
    const { store } = this.options;
    return Boolean(store.storeDelivery && store.completeDelivery && store.claimPendingDeliveries);
  }

  /** Whether new work can start now. */
  hasRoom(): boolean {
    return this.inFlight.size < this.options.maxPending;
  }

  /** Notes that a delivery was left pending in the store because there was no room. */
  noteShed(): void {
    this.shedSinceSweep = true;
  }

  /** Resolves once there is room for new work. */
  async waitForRoom(): Promise<void> {
    while (!this.hasRoom()) await Promise.race(this.inFlight);
  }

  /** The end of a lease taken now. */
  leaseUntil(): Date {
    return new Date(this.options.clock.now() + this.options.leaseMs);
  }

  /** Starts a delivery's work without waiting for it; `tracked` work is completed in the store. */
  run(work: AfterAckWork, tracked: boolean): void {
    const task: Promise<void> = traceStep(
      this.options.sinks.instrumentation,
      {
        name: TracedStepNames.WEBHOOK_AFTER_ACK,
        attributes: {
          "contexten.platform": work.platform,
          "contexten.delivery_id": work.deliveryId,
          "contexten.event_ids": work.events.map((event) => event.id),
          "contexten.resumed": work.resumed,
        },
      },
      () => this.execute(work, tracked),
    ).finally(() => {
      this.inFlight.delete(task);
      if (this.shedSinceSweep && this.inFlight.size <= this.options.maxPending / 2) {
        void this.resumePending();
      }
    });
    this.inFlight.add(task);
  }

  /**
   * Claims pending deliveries from the store (as many as there is room for) and runs
   * their work. Returns how many were claimed; 0 when the store has no lifecycle.
   */
  resumePending(): Promise<number> {
    if (!this.sweeping) {
      this.sweeping = this.sweep().finally(() => {
        this.sweeping = undefined;
      });
    }
    return this.sweeping;
  }

  /** Starts the periodic sweep (unless turned off or unsupported). */
  start(): void {
    if (this.options.resumeIntervalMs <= 0 || !this.canShed || this.closed) return;
    const tick = () => {
      this.sweepTimer = undefined;
      void this.resumePending().finally(() => {
        if (!this.closed) schedule();
      });
    };
    const schedule = () => {
      this.sweepTimer = this.options.clock.setTimeout(tick, this.options.resumeIntervalMs);
      (this.sweepTimer as { unref?: () => void } | undefined)?.unref?.();
    };
    schedule();
  }

  /** Resolves when every task started so far (and any they started) has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.sweeping) {
      await Promise.allSettled([...this.inFlight, this.sweeping]);
    }
  }

  /** Stops the sweep and waits for running work. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer !== undefined) this.options.clock.clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.drain();
  }

  private async sweep(): Promise<number> {
    const { store, clock, platforms, sinks } = this.options;
    if (!store.claimPendingDeliveries || this.closed) return 0;
    const room = this.options.maxPending - this.inFlight.size;
    if (room <= 0) return 0;
    this.shedSinceSweep = false;
    try {
      const claimed = await store.claimPendingDeliveries({
        leaseUntil: this.leaseUntil(),
        now: new Date(clock.now()),
        limit: room,
        platforms,
      });
      // A full claim may have left more behind: look again when the next task finishes.
      if (claimed.length >= room) this.shedSinceSweep = true;
      for (const pending of claimed) {
        const events = await Promise.all(pending.eventIds.map((id) => store.get(id)));
        this.run(
          {
            platform: pending.platform,
            deliveryId: pending.deliveryId,
            events: events.filter((event): event is CorrelatedEvent => event !== undefined),
            resumed: true,
          },
          true,
        );
      }
      return claimed.length;
    } catch (error) {
      reportError(sinks, { phase: "webhook.resume", error });
      return 0;
    }
  }

  private async execute(work: AfterAckWork, tracked: boolean): Promise<void> {
    const { onEvent, bus, sinks, store } = this.options;
    const context: PostAckContext = {
      platform: work.platform,
      deliveryId: work.deliveryId,
      events: work.events,
      resumed: work.resumed,
    };
    for (const event of work.events) {
      try {
        bus?.emit("event", event);
        await onEvent?.(event, context);
      } catch (error) {
        reportError(sinks, {
          phase: "webhook.post-ack",
          error,
          platform: work.platform,
          eventId: event.id,
          deliveryId: work.deliveryId,
        });
      }
    }
    if (!tracked || !store.completeDelivery) return;
    try {
      await store.completeDelivery(work.platform, work.deliveryId);
    } catch (error) {
      // The work ran; a failed completion only means a later sweep may run it again.
      reportError(sinks, {
        phase: "webhook.complete",
        error,
        platform: work.platform,
        deliveryId: work.deliveryId,
      });
    }
  }
}
