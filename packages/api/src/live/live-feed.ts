import type { CorrelatedEvent, EventBus, EventStore, WorkflowExecutionInfo } from "@contexten/core";
import { Repeater } from "graphql-yoga";
import { type EventFilter, matchesEventFilter } from "./event-filter";
import type { LiveMessage, LiveTransport, WorkflowUpdate } from "./live-transport";

type Listener<T> = (item: T) => void;

/**
 * Connects this instance to the others: what this instance's bus reports (stored events,
 * workflow changes) is published on the transport, and what arrives from the transport
 * (from any instance, this one included) feeds the subscriptions served here.
 */
export class LiveFeed {
  readonly #transport: LiveTransport;
  readonly #store: EventStore;
  readonly #report: (error: unknown) => void;
  readonly #eventListeners = new Set<Listener<CorrelatedEvent>>();
  readonly #workflowListeners = new Set<Listener<WorkflowUpdate>>();
  #onConfig: () => void = () => {};
  #detach: Array<() => void> = [];

  constructor(options: {
    transport: LiveTransport;
    store: EventStore;
    report: (error: unknown) => void;
  }) {
    this.#transport = options.transport;
    this.#store = options.store;
    this.#report = options.report;
  }

  /** Publishes the bus's `event` and `workflow` notices to every instance. */
  attach(bus: EventBus): void {
    const onEvent = (event: CorrelatedEvent): void => {
      this.#publish({ kind: "event", eventId: event.id });
    };
    const onWorkflow = (info: WorkflowExecutionInfo): void => {
      this.#publish({ kind: "workflow", update: toWorkflowUpdate(info) });
    };
    bus.on("event", onEvent);
    bus.on("workflow", onWorkflow);
    this.#detach.push(
      () => bus.off("event", onEvent),
      () => bus.off("workflow", onWorkflow),
    );
  }

  /** Starts receiving from the transport; `onConfig` runs when any instance changed the shared configuration. */
  async start(onConfig: () => void): Promise<void> {
    this.#onConfig = onConfig;
    const stop = await this.#transport.subscribe((message) => this.#receive(message));
    this.#detach.push(() => {
      stop().catch(this.#report);
    });
  }

  /** Stops publishing and receiving. */
  stop(): void {
    for (const detach of this.#detach.splice(0)) detach();
  }

  /**
   * Stored events matching `filter`, from every instance, as they arrive. Listening starts
   * at this call (not at the first read), so nothing stored after it is missed.
   */
  events(filter: EventFilter | null | undefined): AsyncIterable<CorrelatedEvent> {
    const matches = matchesEventFilter(filter);
    return this.#listen(this.#eventListeners, (event) => matches(event));
  }

  /**
   * Changes to one workflow run and its steps, from every instance, as they happen, after
   * `initial` (the run's current state, when given). Listening starts at this call.
   */
  workflowUpdates(
    workflowId: string,
    initial?: () => Promise<WorkflowUpdate | undefined>,
  ): AsyncIterable<WorkflowUpdate> {
    return this.#listen(
      this.#workflowListeners,
      (update) => update.workflowId === workflowId,
      initial,
    );
  }

  #listen<T>(
    listeners: Set<Listener<T>>,
    matches: (item: T) => boolean,
    initial?: () => Promise<T | undefined>,
  ): AsyncIterable<T> {
    const buffered: T[] = [];
    let forward: Listener<T> = (item) => buffered.push(item);
    const listener: Listener<T> = (item) => {
      if (matches(item)) forward(item);
    };
    listeners.add(listener);
    return new Repeater<T>(async (push, stop) => {
      stop.then(() => listeners.delete(listener));
      const first = initial ? await initial() : undefined;
      if (first !== undefined) await push(first);
      for (const item of buffered.splice(0)) await push(item);
      forward = (item) => {
        push(item).catch(() => {});
      };
      await stop;
    });
  }

  #publish(message: LiveMessage): void {
    this.#transport.publish(message).catch(this.#report);
  }

  #receive(message: LiveMessage): void {
    if (message.kind === "config") {
      this.#onConfig();
    } else if (message.kind === "workflow") {
      for (const listener of [...this.#workflowListeners]) listener(message.update);
    } else if (this.#eventListeners.size > 0) {
      // One read per message, shared by every subscriber of this instance.
      this.#store
        .get(message.eventId)
        .then((event) => {
          if (!event) return;
          for (const listener of [...this.#eventListeners]) listener(event);
        })
        .catch(this.#report);
    }
  }
}

function toWorkflowUpdate(info: WorkflowExecutionInfo): WorkflowUpdate {
  return {
    workflowId: info.workflowId,
    name: info.name,
    status: info.status,
    ...(info.definitionId !== undefined ? { definitionId: info.definitionId } : {}),
    ...(info.stepId !== undefined ? { stepId: info.stepId } : {}),
    ...(info.attempt !== undefined ? { attempt: info.attempt } : {}),
    ...(info.error ? { error: { code: info.error.code, message: info.error.message } } : {}),
    at: new Date().toISOString(),
  };
}
