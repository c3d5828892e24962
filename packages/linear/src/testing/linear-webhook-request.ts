import { createHmac, randomUUID } from "node:crypto";
import { LINEAR_WEBHOOK_HEADERS } from "../webhooks/linear-webhook-headers";

/** Linear's signature of a body: hex HMAC-SHA256 with the webhook's signing secret. */
export function signLinearWebhook(secret: string, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** Options of {@link createLinearWebhookRequest}. */
export interface LinearWebhookRequestOptions {
  /** The payload (`action`, `type`, `data` …); `webhookTimestamp` is set from `timestamp`. */
  payload: Record<string, unknown>;
  /** Signing secret. */
  secret: string;
  /** `Linear-Delivery`; default a random UUID. `null` leaves the header out. */
  deliveryId?: string | null | undefined;
  /** `webhookTimestamp` in ms; default now (`Date.now()`, so fake timers apply). */
  timestamp?: number | undefined;
  /** Where the request goes; default `http://127.0.0.1/webhooks/linear`. */
  url?: string | undefined;
  /** Extra or replacement headers. */
  headers?: Record<string, string> | undefined;
}

/**
 * Builds a webhook `Request` exactly as Linear sends it: the JSON payload with a fresh
 * signed `webhookTimestamp`, `Linear-Signature` over those bytes, `Linear-Delivery`,
 * `Linear-Event` (the payload's `type`) and `application/json; charset=utf-8`.
 */
export function createLinearWebhookRequest(options: LinearWebhookRequestOptions): Request {
  const body = JSON.stringify({
    ...options.payload,
    webhookTimestamp: options.timestamp ?? Date.now(),
  });
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Linear-Webhook",
    [LINEAR_WEBHOOK_HEADERS.signature]: signLinearWebhook(options.secret, body),
    [LINEAR_WEBHOOK_HEADERS.event]: String(options.payload.type ?? ""),
  };
  const deliveryId = options.deliveryId === undefined ? randomUUID() : options.deliveryId;
  if (deliveryId !== null) headers[LINEAR_WEBHOOK_HEADERS.delivery] = deliveryId;
  return new Request(options.url ?? "http://127.0.0.1/webhooks/linear", {
    method: "POST",
    headers: { ...headers, ...options.headers },
    body,
  });
}
