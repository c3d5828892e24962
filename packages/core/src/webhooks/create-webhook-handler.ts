import type { EventStore } from "../contracts/event-store";
import { emitInstrumentation, type Instrumentation } from "../contracts/instrumentation";
import type {
  WebhookDelivery,
  WebhookReply,
  WebhookRequest,
  WebhookSource,
} from "../contracts/webhook-source";
import { ContextenError } from "../errors/contexten-error";
import { ValidationError } from "../errors/validation-error";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import type { EventBus } from "../events/event-bus";
import { reportError } from "../events/report-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { ProcessingResult } from "../models/processing-result";
import { PostAckQueue } from "./post-ack-queue";
import {
  mediaTypeOf,
  PayloadTooLargeError,
  readBodyWithLimit,
  toWebhookRequest,
} from "./read-webhook-request";
import { errorResponse, replyToResponse } from "./webhook-response";

/** Default body size limit: 5 MiB (GitHub caps payloads at 25 MB; most are far smaller). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Share of a source's ack deadline given to `acknowledge` before acking without it. */
const ACK_BUDGET_SHARE = 0.8;

/** Context passed to post-ack callbacks. */
export interface PostAckContext {
  /** Platform of the delivery. */
  platform: string;
  /** Delivery id. */
  deliveryId: string;
  /** Every event stored from the same delivery. */
  events: readonly CorrelatedEvent[];
}

/** Options for {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** One source, or several routed by {@link WebhookSource.matches}. */
  sources: WebhookSource<unknown> | readonly WebhookSource<unknown>[];
  /** Where events and delivery ids are stored before the ack. */
  store: EventStore;
  /**
   * Runs for each newly stored event after the ack, in delivery order; put correlation
   * and handlers here. Failures go to `Instrumentation.onError` and the bus's `error`.
   * Whatever it returns (or resolves to) is ignored, so
   * `onEvent: (event) => engine.processEvent(event)` plugs a `CorrelationEngine` in.
   */
  onEvent?: (event: CorrelatedEvent, context: PostAckContext) => unknown;
  /** Receives `event` after the ack and `error` for post-ack failures. */
  bus?: EventBus;
  /** Metrics hooks. */
  instrumentation?: Instrumentation;
  /** Largest accepted body in bytes; larger requests get 413. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Logger for errors nobody else listens to. Defaults to `console`. */
  logger?: Pick<Console, "error">;
}

/** A Fetch-style webhook endpoint: `(request) => Promise<Response>`, plus helpers. */
export interface WebhookHandler {
  /** Handles one request and returns the response to send. */
  (request: Request): Promise<Response>;
  /** Like calling the handler, and also returns what happened. */
  process(request: Request): Promise<{ response: Response; result: ProcessingResult }>;
  /** Resolves when every post-ack task started so far has finished. */
  drain(): Promise<void>;
  /** Post-ack tasks still running. */
  readonly pending: number;
}

interface Outcome {
  response: Response;
  result: Omit<ProcessingResult, "durationMs" | "httpStatus">;
}

/**
 * Creates a framework-agnostic webhook endpoint for one or more platforms.
 *
 * For every request it routes to a source, checks method (405), content type (415)
 * and size (413), verifies the signature over the raw body (401), parses (400),
 * normalizes, appends the events durably, records the delivery id (a repeat is
 * acknowledged but not processed again), and only then acknowledges. Post-ack work
 * (`onEvent`, the bus) runs after the response is returned and never delays it.
 *
 * Error responses are JSON: `{ "error": { "code": "...", "message": "..." } }`.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const sources = [options.sources].flat() as WebhookSource<unknown>[];
  if (sources.length === 0) {
    throw new ContextenError({
      code: "configuration_invalid",
      message:
        "createWebhookHandler needs at least one source, e.g. sources: [githubWebhooks({ secret })]",
    });
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const queue = new PostAckQueue();
  const sinks = {
    instrumentation: options.instrumentation,
    bus: options.bus,
    logger: options.logger,
  };

  async function handle(request: Request, receivedAt: Date): Promise<Outcome> {
    if (request.method.toUpperCase() !== "POST") {
      return reject(
        errorResponse(
          405,
          "method_not_allowed",
          `Webhooks must be POSTed, not sent with ${request.method}.`,
          {
            allow: "POST",
          },
        ),
      );
    }
    const source = pickSource(request);
    if (!source) {
      const expected = sources.map((candidate) => candidate.platform).join(", ");
      return reject(
        errorResponse(
          401,
          "webhook_verification_failed",
          `No configured webhook source (${expected}) recognizes this request; its signature headers are missing.`,
        ),
      );
    }
    const platform = source.platform;
    const mediaType = mediaTypeOf(request.headers);
    if (!source.contentTypes.includes(mediaType)) {
      return reject(
        errorResponse(
          415,
          "unsupported_media_type",
          `${platform} webhooks must be sent as ${source.contentTypes.join(" or ")}, not ${mediaType || "an unspecified content type"}.`,
        ),
        platform,
      );
    }
    let webhookRequest: WebhookRequest;
    try {
      webhookRequest = toWebhookRequest(
        request,
        await readBodyWithLimit(request, maxBodyBytes),
        receivedAt,
      );
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        return reject(
          errorResponse(
            413,
            "payload_too_large",
            `Webhook body exceeds the ${maxBodyBytes}-byte limit.`,
          ),
          platform,
        );
      }
      throw error;
    }

    try {
      await source.verify(webhookRequest);
    } catch (error) {
      if (WebhookVerificationError.isInstance(error)) {
        return reject(errorResponse(401, error.code, error.message), platform);
      }
      return fail(platform, "source_failed", error, `Verifying the ${platform} webhook failed`);
    }

    let parsed: Awaited<ReturnType<WebhookSource<unknown>["parse"]>>;
    try {
      parsed = await source.parse(webhookRequest);
    } catch (error) {
      if (ValidationError.isInstance(error)) {
        return reject(errorResponse(400, error.code, error.message), platform);
      }
      return fail(platform, "source_failed", error, `Parsing the ${platform} webhook failed`);
    }
    if (parsed.kind === "control") {
      return {
        response: replyToResponse(parsed.reply),
        result: {
          status: "answered",
          platform,
          eventName: parsed.eventName,
          deliveryId: parsed.deliveryId,
          eventIds: [],
        },
      };
    }

    const delivery = parsed;
    let events: CorrelatedEvent[];
    try {
      events = await source.normalize(delivery, { request: webhookRequest });
    } catch (error) {
      if (ValidationError.isInstance(error)) {
        return reject(errorResponse(400, error.code, error.message), platform, delivery);
      }
      return fail(
        platform,
        "source_failed",
        error,
        `Normalizing the ${platform} webhook failed`,
        delivery,
      );
    }

    // Append before recording the delivery: if the append fails nothing is recorded and
    // the platform's retry gets a second chance; event ids are derived from the delivery,
    // so a repeat append is a no-op.
    let firstTime: boolean;
    try {
      if (events.length > 0) await options.store.append(events);
      firstTime = await options.store.recordDelivery(platform, delivery.deliveryId, receivedAt);
    } catch (error) {
      return fail(
        platform,
        "store_unavailable",
        error,
        "Storing the webhook failed; the platform should retry",
        delivery,
      );
    }
    const eventIds = events.map((event) => event.id);
    if (!firstTime) {
      return {
        response: replyToResponse({
          body: { ok: true, duplicate: true, deliveryId: delivery.deliveryId },
        }),
        result: {
          status: "duplicate",
          platform,
          deliveryId: delivery.deliveryId,
          eventName: delivery.eventName,
          eventIds,
        },
      };
    }

    const reply = await acknowledge(source, delivery, events, webhookRequest);
    schedulePostAck(platform, delivery, events);
    return {
      response: replyToResponse(
        reply ?? { body: { ok: true, deliveryId: delivery.deliveryId, events: eventIds.length } },
      ),
      result: {
        status: "processed",
        platform,
        deliveryId: delivery.deliveryId,
        eventName: delivery.eventName,
        eventIds,
      },
    };
  }

  function pickSource(request: Request): WebhookSource<unknown> | undefined {
    if (sources.length === 1) return sources[0];
    // `matches` only looks at headers, so an empty-bodied view of the request is enough.
    const probe = toWebhookRequest(request, new Uint8Array(0), new Date());
    return sources.find((candidate) => candidate.matches(probe));
  }

  async function acknowledge(
    source: WebhookSource<unknown>,
    delivery: WebhookDelivery<unknown>,
    events: CorrelatedEvent[],
    request: WebhookRequest,
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
        reportError(sinks, { phase: "webhook.acknowledge", error, platform: source.platform });
        return undefined;
      });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  function schedulePostAck(
    platform: string,
    delivery: WebhookDelivery<unknown>,
    events: CorrelatedEvent[],
  ): void {
    if (events.length === 0) return;
    const context: PostAckContext = { platform, deliveryId: delivery.deliveryId, events };
    queue.run(
      async () => {
        for (const event of events) {
          try {
            options.bus?.emit("event", event);
            await options.onEvent?.(event, context);
          } catch (error) {
            reportError(sinks, { phase: "webhook.post-ack", error, platform, eventId: event.id });
          }
        }
      },
      (error) => reportError(sinks, { phase: "webhook.post-ack", error, platform }),
    );
  }

  function reject(
    response: Response,
    platform?: string,
    delivery?: WebhookDelivery<unknown>,
  ): Outcome {
    return {
      response,
      result: {
        status: "rejected",
        platform,
        deliveryId: delivery?.deliveryId,
        eventName: delivery?.eventName,
        eventIds: [],
      },
    };
  }

  function fail(
    platform: string,
    code: "store_unavailable" | "source_failed",
    error: unknown,
    summary: string,
    delivery?: WebhookDelivery<unknown>,
  ): Outcome {
    reportError(sinks, { phase: `webhook.${code}`, error, platform });
    const detail = error instanceof Error ? error.message : String(error);
    return {
      response: errorResponse(
        code === "store_unavailable" ? 503 : 500,
        code,
        `${summary}: ${detail}`,
      ),
      result: {
        status: "failed",
        platform,
        deliveryId: delivery?.deliveryId,
        eventName: delivery?.eventName,
        eventIds: [],
        error: { code, message: detail },
      },
    };
  }

  async function process(
    request: Request,
  ): Promise<{ response: Response; result: ProcessingResult }> {
    const started = performance.now();
    const receivedAt = new Date();
    const outcome = await handle(request, receivedAt);
    const durationMs = performance.now() - started;
    const result: ProcessingResult = {
      ...outcome.result,
      httpStatus: outcome.response.status,
      durationMs,
      error:
        outcome.result.error ??
        (outcome.result.status === "rejected" ? await readError(outcome.response) : undefined),
    };
    emitInstrumentation(options.instrumentation, "onWebhookEvent", {
      platform: result.platform,
      eventName: result.eventName,
      deliveryId: result.deliveryId,
      outcome: result.status,
      status: result.httpStatus,
      durationMs,
      eventCount: result.status === "processed" ? result.eventIds.length : 0,
    });
    return { response: outcome.response, result };
  }

  const handler = (async (request: Request) => (await process(request)).response) as WebhookHandler;
  Object.defineProperties(handler, {
    process: { value: process },
    drain: { value: () => queue.drain() },
    pending: { get: () => queue.pending },
  });
  return handler;
}

async function readError(
  response: Response,
): Promise<{ code: string; message: string } | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: { code: string; message: string } };
    return body.error;
  } catch {
    return undefined;
  }
}
