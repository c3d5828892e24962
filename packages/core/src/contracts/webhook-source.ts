import type { CorrelatedEvent } from "../models/correlated-event";
import type { WebhookHeaders } from "../webhooks/webhook-headers";

/** An inbound webhook request, read once, as every source sees it. */
export interface WebhookRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Full request URL. */
  readonly url: URL;
  /** Request headers (case-insensitive lookups; a Fetch `Headers` is one). */
  readonly headers: WebhookHeaders;
  /** The body bytes exactly as received; signatures are computed over these. */
  readonly rawBody: Uint8Array;
  /** The raw body decoded as UTF-8. */
  readonly text: string;
  /** Media type of the body, lower case, without parameters (`application/json`). */
  readonly contentType: string;
  /** When the request arrived. */
  readonly receivedAt: Date;
}

/** A response a source wants sent back (JSON when `body` is not a string). */
export interface WebhookReply {
  /** HTTP status; 200 by default. */
  status?: number;
  /** JSON value or text. Absent means an empty body. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A parsed delivery that carries events and must be deduplicated and stored. */
export interface WebhookDelivery<Body = unknown> {
  /** This is an event delivery. */
  kind: "delivery";
  /** The platform's unique id for the delivery (`X-GitHub-Delivery`, Slack `event_id`, …). */
  deliveryId: string;
  /** The platform's event name (`pull_request`, `event_callback`, `Issue`, …). */
  eventName: string;
  /** Parsed body. */
  body: Body;
}

/**
 * A control message answered right away and never stored: GitHub's `ping`, Slack's
 * `url_verification` challenge.
 */
export interface WebhookControl {
  /** This is a control message. */
  kind: "control";
  /** The platform's event name. */
  eventName: string;
  /** What to answer. */
  reply: WebhookReply;
  /** The delivery id, when the platform sent one. */
  deliveryId?: string;
}

/** What {@link WebhookSource.parse} returns. */
export type ParsedWebhook<Body = unknown> = WebhookDelivery<Body> | WebhookControl;

/** Extra information for {@link WebhookSource.normalize}. */
export interface NormalizeContext {
  /** The request the delivery came in. */
  request: WebhookRequest;
}

/** Extra information for {@link WebhookSource.acknowledge}. */
export interface AcknowledgeContext {
  /** The request the delivery came in. */
  request: WebhookRequest;
  /** Aborted when the platform's ack deadline is about to pass. */
  signal: AbortSignal;
}

/**
 * One platform's inbound webhooks, plugged into core's `createWebhookHandler`. The
 * handler drives the steps in order and owns everything generic (routing, size limits,
 * status codes, dedupe, storage, post-ack work); a source only knows its platform:
 *
 * `matches` → content type check → `verify` (over the raw body) → `parse` →
 * dedupe by delivery id → `normalize` → store → `acknowledge` → response.
 *
 * Conformance: `runWebhookSourceConformance` in `@contexten/core/testing/conformance`.
 */
export interface WebhookSource<Body = unknown> {
  /** Platform id; deliveries are deduplicated per platform. */
  readonly platform: string;
  /** Media types this source accepts; anything else is answered 415. */
  readonly contentTypes: readonly string[];
  /** Time the platform allows for the ack, ms (Slack 3,000, Linear 5,000, GitHub 10,000). */
  readonly ackDeadlineMs?: number;
  /**
   * True when the request looks like it is for this source (its signature or event
   * header is present). Only consulted when a handler has several sources.
   */
  matches(request: WebhookRequest): boolean;
  /**
   * Checks the signature over `request.rawBody` before anything is parsed. Throws
   * `WebhookVerificationError` (answered 401).
   */
  verify(request: WebhookRequest): void | Promise<void>;
  /** Parses the verified body. Throws `ValidationError` for malformed input (answered 400). */
  parse(request: WebhookRequest): ParsedWebhook<Body> | Promise<ParsedWebhook<Body>>;
  /**
   * Turns a delivery into events. Must be deterministic: the same delivery always
   * yields the same event ids (derive them with `deriveEventId`), so redeliveries are
   * idempotent.
   */
  normalize(
    delivery: WebhookDelivery<Body>,
    context: NormalizeContext,
  ): CorrelatedEvent[] | Promise<CorrelatedEvent[]>;
  /**
   * Optionally builds the response body once events are stored, e.g. a slash command's
   * reply or a modal's `response_action`. Runs under the platform's ack deadline; when
   * it has not answered by then the handler acks with an empty 200.
   */
  acknowledge?(
    delivery: WebhookDelivery<Body>,
    events: readonly CorrelatedEvent[],
    context: AcknowledgeContext,
  ): WebhookReply | undefined | Promise<WebhookReply | undefined>;
}
