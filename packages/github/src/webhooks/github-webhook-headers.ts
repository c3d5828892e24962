/** Header names GitHub sends with every webhook delivery (lower case). */
export const GITHUB_WEBHOOK_HEADERS = {
  /** HMAC-SHA256 of the raw body with the webhook's secret: `sha256=<hex>`. */
  signature: "x-hub-signature-256",
  /** The event name, e.g. `pull_request`. */
  event: "x-github-event",
  /** Unique id of the delivery (the same on redelivery). */
  delivery: "x-github-delivery",
} as const;

/** GitHub waits this long for the ack before it counts the delivery as failed. */
export const GITHUB_ACK_DEADLINE_MS = 10_000;
