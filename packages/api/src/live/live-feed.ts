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

  constructor(options: { transport: LiveTransport; store: EventStore; report: (error: unknown) => void }) {
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

  /** Stored events matching `filter`, from every instance, as they arrive. */
  events(filter: EventFilter | null | undefined): AsyncIterable<CorrelatedEvent> {
    const matches = matchesEventFilter(filter);
    return new Repeater<CorrelatedEvent>(async (push, stop) => {
      const listener = (event: CorrelatedEvent): void => {
        if (matches(event)) push(event).catch(() => {});
      };
      this.#eventListeners.add(listener);
      await stop;
      this.#eventListeners.delete(listener);
    });
  }

  /** Changes to one workflow run and its steps, from every instance, as they happen. */
  workflowUpdates(workflowId: string): AsyncIterable<WorkflowUpdate> {
    return new Repeater<WorkflowUpdate>(async (push, stop) => {
      const listener = (update: WorkflowUpdate): void => {
        if (update.workflowId === workflowId) push(update).catch(() => {});
      };
      this.#workflowListeners.add(listener);
      await stop;
      this.#workflowListeners.delete(listener);
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
