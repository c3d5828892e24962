import { systemClock } from "../clock/clock";
import { emitInstrumentation, TracedStepNames, traceStep } from "../contracts/instrumentation";
import type { WebhookSource } from "../contracts/webhook-source";
import { ContextenError } from "../errors/contexten-error";
import { reportError } from "../events/report-error";
import type { ProcessingResult } from "../models/processing-result";
import { acknowledgeStep } from "./pipeline/acknowledge-step";
import { AfterAckRunner } from "./pipeline/after-ack-runner";
import { type InboundWebhook, toWebhookRequest } from "./pipeline/inbound-webhook";
import { readFetchBody } from "./pipeline/read-fetch-body";
import { readRequestBody } from "./pipeline/read-request-body";
import { isRefusal, type StepRefusal } from "./pipeline/refusal";
import { routeRequest } from "./pipeline/route-request";
import { normalizeDelivery, parseRequest, verifyRequest } from "./pipeline/run-source";
import { storeDeliveryStep } from "./pipeline/store-delivery-step";
import {
  answerToResponse,
  jsonAnswer,
  refusalAnswer,
  replyAnswer,
  type WebhookAnswer,
} from "./webhook-answer";
import {
  DEFAULT_AFTER_ACK_LEASE_MS,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_AFTER_ACK,
  DEFAULT_RESUME_INTERVAL_MS,
  DEFAULT_STORE_TIMEOUT_MS,
  positiveOption,
  type WebhookHandlerOptions,
} from "./webhook-handler-options";

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
  /**
   * Looks in the store for deliveries whose after-ack work is pending (shed while busy,
   * or left by a receiver that crashed) and runs it; resolves with how many it took.
   * The handler also does this periodically (`resumeIntervalMs`).
   */
  resumePending(): Promise<number>;
  /**
   * Shuts the handler down gracefully: requests arriving from now on are answered 503
   * `shutting_down` (the platform retries them, elsewhere or later), requests already being
   * handled finish, then the periodic sweep stops and running post-ack work completes.
   * Close the store only after this resolves.
   */
  close(): Promise<void>;
}

/** What the pipeline decided for one request; `answer` is absent when the client left. */
export interface WebhookOutcome {
  answer: WebhookAnswer | undefined;
  result: ProcessingResult;
}

/** The pipeline entry that Node listeners call directly, without building a Fetch `Request`. */
export const handleInboundWebhook: unique symbol = Symbol.for("contexten.webhooks.inbound");

/** A handler from {@link createWebhookHandler}, with its direct entry for Node. */
export interface InboundCapableHandler extends WebhookHandler {
  [handleInboundWebhook](inbound: InboundWebhook): Promise<WebhookOutcome>;
}

type Decided = Omit<ProcessingResult, "durationMs" | "httpStatus"> & { answer?: WebhookAnswer };

/**
 * Creates a framework-agnostic webhook endpoint for one or more platforms.
 *
 * Each request goes through named steps: route (405 method, 401 no source recognizes it,
 * 415 content type), read the body (413 too large, 408 too slow), verify the signature
 * over the raw bytes (401), parse (400), normalize, store the events and the delivery
 * record in one step (503 when the store is down or slow, so the platform retries; a
 * repeat of a stored delivery is acknowledged but not processed again), acknowledge,
 * and after the ack run `onEvent` and the bus. Nothing a client sends can make it throw.
 *
 * Error responses are JSON, `{ "error": { "code": "...", "message": "..." } }`, with
 * messages safe to show to the sender; the details of internal failures go to
 * `Instrumentation.onError`, the bus's `error` event or the logger, never to the sender.
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
  const limits = {
    maxBytes: positiveOption("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    timeoutMs: positiveOption("bodyTimeoutMs", options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS),
  };
  const storeTimeoutMs = positiveOption(
    "storeTimeoutMs",
    options.storeTimeoutMs,
    DEFAULT_STORE_TIMEOUT_MS,
  );
  const clock = options.clock ?? systemClock;
  const sinks = {
    instrumentation: options.instrumentation,
    bus: options.bus,
    logger: options.logger,
  };
  const runner = new AfterAckRunner({
    store: options.store,
    onEvent: options.onEvent,
    bus: options.bus,
    sinks,
    maxPending: positiveOption(
      "maxPendingAfterAck",
      options.maxPendingAfterAck,
      DEFAULT_MAX_PENDING_AFTER_ACK,
    ),
    leaseMs: positiveOption("afterAckLeaseMs", options.afterAckLeaseMs, DEFAULT_AFTER_ACK_LEASE_MS),
    resumeIntervalMs: positiveOption(
      "resumeIntervalMs",
      options.resumeIntervalMs,
      DEFAULT_RESUME_INTERVAL_MS,
      true,
    ),
    platforms: [...new Set(sources.map((source) => source.platform))],
    clock,
  });
  runner.start();
  /** Whether anything runs after the acknowledgement (`onEvent`, the bus's `event`). */
  const afterAck = options.onEvent !== undefined || options.bus !== undefined;
  /** Requests between arrival and decision; `close` waits for them. */
  const deciding = new Set<Promise<Decided>>();
  let closing = false;

  async function decide(inbound: InboundWebhook, receivedAt: Date): Promise<Decided> {
    const source = routeRequest(inbound, sources, receivedAt);
    if (isRefusal(source)) return rejected(source);
    const platform = source.platform;
    const body = await readRequestBody(inbound, limits);
    if (body === undefined) {
      return { status: "rejected", platform, eventIds: [], error: ABORTED };
    }
    if (isRefusal(body)) return rejected(body, platform);
    const request = toWebhookRequest(inbound, body, receivedAt);

    const unverified = await traceStep(
      options.instrumentation,
      { name: TracedStepNames.WEBHOOK_VERIFY, attributes: { "contexten.platform": platform } },
      () => verifyRequest(source, request, sinks),
    );
    if (unverified) return rejected(unverified, platform);
    const parsed = await parseRequest(source, request, sinks);
    if (isRefusal(parsed)) return rejected(parsed, platform);
    if (parsed.kind === "control") {
      return {
        status: "answered",
        platform,
        eventName: parsed.eventName,
        deliveryId: parsed.deliveryId,
        eventIds: [],
        answer: replyAnswer(parsed.reply),
      };
    }
    const delivery = parsed;
    const named = { platform, deliveryId: delivery.deliveryId, eventName: delivery.eventName };
    const events = await normalizeDelivery(source, delivery, request, sinks);
    if (isRefusal(events)) return { ...rejected(events, platform), ...named };

    // Without after-ack work a stored delivery is done at once: no lease, no completion.
    if (afterAck && !runner.canShed) await runner.waitForRoom();
    const claim = afterAck && runner.hasRoom();
    const stored = await traceStep(
      options.instrumentation,
      {
        name: TracedStepNames.WEBHOOK_STORE,
        attributes: {
          "contexten.platform": platform,
          "contexten.delivery_id": delivery.deliveryId,
          "contexten.event_ids": events.map((event) => event.id),
        },
      },
      () =>
        storeDeliveryStep(
          { platform, deliveryId: delivery.deliveryId, receivedAt, events },
          {
            store: options.store,
            timeoutMs: storeTimeoutMs,
            leaseUntil: claim ? runner.leaseUntil() : undefined,
            done: !afterAck,
            now: new Date(clock.now()),
            sinks,
            onLateResult: (late) =>
              runner.run({ ...named, events, resumed: late.status === "resumed" }, late.tracked),
          },
        ),
    );
    if (isRefusal(stored)) return { ...rejected(stored, platform), ...named };
    const { eventIds } = stored;
    if (stored.status === "duplicate" || stored.status === "resumed") {
      if (stored.status === "resumed") runner.run({ ...named, events, resumed: true }, true);
      return {
        status: "duplicate",
        ...named,
        eventIds,
        answer: jsonAnswer(200, {
          ok: true,
          duplicate: true,
          deliveryId: delivery.deliveryId,
          eventIds,
        }),
      };
    }
    const reply = await acknowledgeStep(source, delivery, events, request, sinks);
    if (afterAck && (events.length > 0 || stored.tracked)) {
      if (claim) runner.run({ ...named, events, resumed: false }, stored.tracked);
      else runner.noteShed();
    }
    return {
      status: "processed",
      ...named,
      eventIds,
      answer:
        reply !== undefined
          ? replyAnswer(reply)
          : jsonAnswer(200, {
              ok: true,
              deliveryId: delivery.deliveryId,
              events: eventIds.length,
              eventIds,
            }),
    };
  }

  async function handleInbound(inbound: InboundWebhook): Promise<WebhookOutcome> {
    const started = performance.now();
    const receivedAt = new Date(clock.now());
    const decided = await traceStep(
      options.instrumentation,
      { name: TracedStepNames.WEBHOOK, attributes: { "http.request.method": inbound.method } },
      async (scope) => {
        let outcome: Decided;
        try {
          if (closing) {
            outcome = rejected(SHUTTING_DOWN);
          } else {
            const decision = decide(inbound, receivedAt);
            deciding.add(decision);
            try {
              outcome = await decision;
            } finally {
              deciding.delete(decision);
            }
          }
        } catch (error) {
          // Every step maps its own failures; reaching this is a bug, still never a crash.
          reportError(sinks, { phase: "webhook", error });
          outcome = rejected(INTERNAL);
        }
        scope.setAttributes({
          "contexten.platform": outcome.platform,
          "contexten.event_name": outcome.eventName,
          "contexten.delivery_id": outcome.deliveryId,
          "contexten.event_ids": outcome.eventIds,
          "contexten.outcome": outcome.status,
          "http.response.status_code": outcome.answer?.status,
        });
        return outcome;
      },
    );
    const { answer, ...rest } = decided;
    const durationMs = performance.now() - started;
    const result: ProcessingResult = { ...rest, httpStatus: answer?.status ?? 0, durationMs };
    emitInstrumentation(options.instrumentation, "onWebhookEvent", {
      platform: result.platform,
      eventName: result.eventName,
      deliveryId: result.deliveryId,
      outcome: result.status,
      status: result.httpStatus,
      durationMs,
      eventCount: result.status === "processed" ? result.eventIds.length : 0,
    });
    return { answer, result };
  }

  async function process(
    request: Request,
  ): Promise<{ response: Response; result: ProcessingResult }> {
    const { answer, result } = await handleInbound(fetchInbound(request));
    // A Fetch caller always gets a response; a client that left gets a 400 nobody reads.
    return { response: answerToResponse(answer ?? refusalAnswer(ABORTED_REFUSAL)), result };
  }

  const handler = (async (request: Request) =>
    (await process(request)).response) as InboundCapableHandler;
  Object.defineProperties(handler, {
    process: { value: process },
    drain: { value: () => runner.drain() },
    pending: { get: () => runner.pending },
    resumePending: { value: () => runner.resumePending() },
    close: {
      value: async () => {
        closing = true;
        await Promise.allSettled([...deciding]);
        await runner.close();
      },
    },
    [handleInboundWebhook]: { value: handleInbound },
  });
  return handler;
}

function fetchInbound(request: Request): InboundWebhook {
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: request.headers,
    readBody: (limits) => readFetchBody(request, limits),
  };
}

const ABORTED = { code: "body_aborted", message: "The client closed the connection mid-body." };
const ABORTED_REFUSAL: StepRefusal = {
  refused: true,
  status: 400,
  code: "validation_failed",
  message: ABORTED.message,
};
const SHUTTING_DOWN: StepRefusal = {
  refused: true,
  status: 503,
  code: "shutting_down",
  message: "The receiver is shutting down; the delivery was not acknowledged, retry later.",
  headers: { "retry-after": "10" },
};
const INTERNAL: StepRefusal = {
  refused: true,
  status: 500,
  code: "internal_error",
  message: "The webhook could not be processed; the details are in the receiver's logs.",
};

/** A refusal as a decision: `failed` for 5xx (the platform should retry), else `rejected`. */
function rejected(refusal: StepRefusal, platform?: string): Decided {
  return {
    status: refusal.status >= 500 ? "failed" : "rejected",
    ...(platform ? { platform } : {}),
    eventIds: [],
    error: { code: refusal.code, message: refusal.message },
    answer: refusalAnswer(refusal),
  };
}
