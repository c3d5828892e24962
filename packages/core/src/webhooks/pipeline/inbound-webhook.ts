import type { WebhookRequest } from "../../contracts/webhook-source";
import type { WebhookHeaders } from "../webhook-headers";
import { mediaTypeOf } from "../webhook-headers";

/**
 * Why a body could not be read: too large, too slow, the client went away, or a
 * framework read it before the handler (`unavailable`).
 */
export type BodyReadFailure = "too_large" | "timeout" | "aborted" | "unavailable";

/** Thrown by {@link InboundWebhook.readBody}. */
export class BodyReadError extends Error {
  constructor(
    readonly reason: BodyReadFailure,
    message = `request body could not be read: ${reason}`,
  ) {
    super(message);
  }
}

/** Limits for reading a body. */
export interface BodyLimits {
  /** Largest accepted body, bytes. */
  maxBytes: number;
  /** Time allowed from the start of the read to its end, ms. */
  timeoutMs: number;
}

/**
 * A request as the webhook pipeline sees it, whatever it arrived as (a Fetch `Request`, a
 * Node `IncomingMessage`). The body is read on demand, after the cheap checks.
 */
export interface InboundWebhook {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Absolute URL of the request. */
  readonly url: string;
  /** Request headers. */
  readonly headers: WebhookHeaders;
  /** Reads the whole body; rejects with {@link BodyReadError}. */
  readBody(limits: BodyLimits): Promise<Uint8Array>;
}

const decoder = new TextDecoder("utf-8");
const EMPTY = new Uint8Array(0);

/**
 * The {@link WebhookRequest} every source sees. `url` and `text` are computed on first use:
 * most sources never need the URL, and verification needs only the bytes.
 */
export function toWebhookRequest(
  inbound: Pick<InboundWebhook, "method" | "url" | "headers">,
  rawBody: Uint8Array,
  receivedAt: Date,
): WebhookRequest {
  let text: string | undefined;
  let url: URL | undefined;
  return {
    method: inbound.method,
    get url() {
      url ??= URL.canParse(inbound.url) ? new URL(inbound.url) : new URL("http://localhost/");
      return url;
    },
    headers: inbound.headers,
    rawBody,
    get text() {
      text ??= decoder.decode(rawBody);
      return text;
    },
    contentType: mediaTypeOf(inbound.headers),
    receivedAt,
  };
}

/** A body-less view of the request, for `WebhookSource.matches` (which reads headers only). */
export function headersOnlyRequest(
  inbound: Pick<InboundWebhook, "method" | "url" | "headers">,
  receivedAt: Date,
): WebhookRequest {
  return toWebhookRequest(inbound, EMPTY, receivedAt);
}
