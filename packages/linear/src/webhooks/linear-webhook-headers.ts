/** Header names Linear sends with every webhook delivery (lower case). */
export const LINEAR_WEBHOOK_HEADERS = {
  /** Hex HMAC-SHA256 of the raw body with the webhook's signing secret. */
  signature: "linear-signature",
  /** Unique id of the delivery; retries of a delivery repeat it. */
  delivery: "linear-delivery",
  /** The payload's `type`: `Issue`, `Comment`, … */
  event: "linear-event",
} as const;

/** Linear allows this much distance between `webhookTimestamp` and now: one minute. */
export const LINEAR_WEBHOOK_TOLERANCE_MS = 60_000;

/** Linear waits this long for the ack before it retries. */
export const LINEAR_ACK_DEADLINE_MS = 5_000;
