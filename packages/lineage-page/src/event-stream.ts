import type { EventBus } from "@contexten/core";

/** What the page's live stream sends: enough to decide whether to refresh, nothing more. */
export interface StreamMessage {
  /** `event` (stored), `correlation` (a link), `workflow` (a run changed). */
  kind: "event" | "correlation" | "workflow";
  /** Event ids involved. */
  eventIds: string[];
  /** Correlation groups involved, when known. */
  correlationIds: string[];
  /** Event type or workflow status, for display. */
  label: string;
}

const encoder = new TextEncoder();

/**
 * A Server-Sent Events response that forwards the bus's `event`, `correlation` and
 * `workflow` notifications until the client leaves (or `signal` aborts). A comment
 * every `heartbeatMs` keeps proxies from closing an idle stream.
 */
export function busEventStream(
  bus: EventBus,
  options: { heartbeatMs: number; signal?: AbortSignal | undefined },
): Response {
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (message: StreamMessage) => {
        try {
          controller.enqueue(
            encoder.encode(`event: ${message.kind}\ndata: ${JSON.stringify(message)}\n\n`),
          );
        } catch {
          cleanup();
        }
      };
      const onEvent: Parameters<typeof bus.on<"event">>[1] = (event) =>
        send({
          kind: "event",
          eventIds: [event.id],
          correlationIds: event.correlationId ? [event.correlationId] : [],
          label: event.type,
        });
      const onCorrelation: Parameters<typeof bus.on<"correlation">>[1] = (link, source, target) =>
        send({
          kind: "correlation",
          eventIds: [source.id, target.id],
          correlationIds: [
            ...new Set(
              [source.correlationId, target.correlationId].filter(
                (id): id is string => typeof id === "string",
              ),
            ),
          ],
          label: link.rule,
        });
      const onWorkflow: Parameters<typeof bus.on<"workflow">>[1] = (info) =>
        send({
          kind: "workflow",
          eventIds: info.triggerEventId ? [info.triggerEventId] : [],
          correlationIds: [],
          label: `${info.name} ${info.status}`,
        });
      bus.on("event", onEvent);
      bus.on("correlation", onCorrelation);
      bus.on("workflow", onWorkflow);
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          cleanup();
        }
      }, options.heartbeatMs);
      heartbeat.unref?.();
      cleanup = () => {
        clearInterval(heartbeat);
        bus.off("event", onEvent);
        bus.off("correlation", onCorrelation);
        bus.off("workflow", onWorkflow);
        options.signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    },
  });
}
