import { SLACK_WEBHOOK_HEADERS } from "../webhooks/slack-webhook-headers";

/** A Socket Mode envelope as `@slack/socket-mode` hands it over (`slack_event`). */
export interface SocketModeEnvelope {
  /** `events_api`, `slash_commands` or `interactive`. */
  type: string;
  /** The envelope's payload: the same body Slack would POST over HTTP. */
  body: unknown;
  /** The envelope id (acks refer to it). */
  envelope_id?: string;
  /** Events API retry attempt (0 on the first delivery). */
  retry_num?: number;
  /** Why Slack retried. */
  retry_reason?: string;
}

/** Where synthetic requests are addressed; they never leave the process. */
const SOCKET_MODE_URL = "http://socket-mode.invalid/slack/events";

function formOf(body: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    form.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  return form;
}

/**
 * Turns a Socket Mode envelope into the HTTP request Slack would have sent for the same
 * payload, so both transports share one path (parse, dedupe by delivery id, normalize,
 * store, handlers): `events_api` → the JSON `event_callback` body (with
 * `X-Slack-Retry-Num` on retries), `slash_commands` → the form fields, `interactive` →
 * `payload=<JSON>`. Returns undefined for envelope types without an HTTP equivalent.
 */
export function envelopeToRequest(envelope: SocketModeEnvelope): Request | undefined {
  const body =
    typeof envelope.body === "object" && envelope.body !== null
      ? (envelope.body as Record<string, unknown>)
      : undefined;
  if (!body) return undefined;
  const post = (contentType: string, content: string, headers: Record<string, string> = {}) =>
    new Request(SOCKET_MODE_URL, {
      method: "POST",
      headers: { "content-type": contentType, ...headers },
      body: content,
    });
  switch (envelope.type) {
    case "events_api": {
      const retry: Record<string, string> = {};
      if (envelope.retry_num) retry[SLACK_WEBHOOK_HEADERS.retryNum] = String(envelope.retry_num);
      if (envelope.retry_reason) retry[SLACK_WEBHOOK_HEADERS.retryReason] = envelope.retry_reason;
      return post("application/json", JSON.stringify(body), retry);
    }
    case "slash_commands":
      return post("application/x-www-form-urlencoded", formOf(body).toString());
    case "interactive":
      return post(
        "application/x-www-form-urlencoded",
        new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
      );
    default:
      return undefined;
  }
}
