import type {
  WebhookDelivery,
  WebhookReply,
  WebhookRequest,
  WebhookSource,
} from "../../contracts/webhook-source";
import { type ErrorSinks, reportError } from "../../events/report-error";
import type { CorrelatedEvent } from "../../models/correlated-event";

/** Share of a source's ack deadline given to `acknowledge` before acking without it. */
const ACK_BUDGET_SHARE = 0.8;

/**
 * Asks the source for its reply (a slash command's text, a modal's `response_action`)
 * once the events are stored, within most of the platform's ack deadline; a source that
 * fails or misses the deadline gets the default ack instead.
 */
export async function acknowledgeStep(
  source: WebhookSource<unknown>,
  delivery: WebhookDelivery<unknown>,
  events: readonly CorrelatedEvent[],
  request: WebhookRequest,
  sinks: ErrorSinks,
): Promise<WebhookReply | undefined> {
  if (!source.acknowledge) return undefined;
  const controller = new AbortController();
  const budgetMs = Math.max(1, Math.floor((source.ackDeadlineMs ?? 10_000) * ACK_BUDGET_SHARE));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`acknowledge exceeded ${budgetMs} ms`));
      resolve(undefined);
    }, budgetMs);
  });
  const work = Promise.resolve()
    .then(() => source.acknowledge!(delivery, events, { request, signal: controller.signal }))
    .catch((error: unknown) => {
      reportError(sinks, {
        phase: "webhook.acknowledge",
        error,
        platform: source.platform,
        deliveryId: delivery.deliveryId,
      });
      return undefined;
    });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
