/** Header names Slack sends with its requests (lower case). */
export const SLACK_WEBHOOK_HEADERS = {
  /** `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">` with the app's signing secret. */
  signature: "x-slack-signature",
  /** The signed timestamp, epoch seconds. */
  timestamp: "x-slack-request-timestamp",
  /** How often Slack has retried an Events API delivery (1, 2, 3). */
  retryNum: "x-slack-retry-num",
  /** Why Slack retried (`http_timeout`, `http_error`, …). */
  retryReason: "x-slack-retry-reason",
} as const;

/** Slack's replay window: requests signed more than 5 minutes from now are refused. */
export const SLACK_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/** Slack's ack deadline for events, commands and interactions. */
export const SLACK_ACK_DEADLINE_MS = 3000;
