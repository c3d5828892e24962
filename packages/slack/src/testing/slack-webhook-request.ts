import { createHash, createHmac } from "node:crypto";
import type { SlackEvent } from "../webhooks/slack-payloads";
import { slackSignedPayload } from "../webhooks/slack-signature";
import { SLACK_WEBHOOK_HEADERS } from "../webhooks/slack-webhook-headers";

/** How every signed request is made. */
export interface SignedSlackRequestOptions {
  /** The app's signing secret. */
  signingSecret: string;
  /** Signed timestamp, epoch seconds; default now (`Date.now()`, so fake timers apply). */
  timestamp?: number | undefined;
  /** Where the request is addressed; default `http://127.0.0.1/slack/events`. */
  url?: string | undefined;
  /** Extra headers (e.g. `x-slack-retry-num`). */
  headers?: Record<string, string> | undefined;
}

const DEFAULT_URL = "http://127.0.0.1/slack/events";
let triggerCount = 0;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Slack's signature of a body: `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">` with the
 * app's signing secret, the value of `X-Slack-Signature`. Send `timestamp` (epoch seconds)
 * as `X-Slack-Request-Timestamp` with it: Slack signs the two together, and the source
 * refuses a timestamp more than five minutes from now.
 *
 * @example
 * const timestamp = Math.floor(Date.now() / 1000);
 * const headers = {
 *   "content-type": "application/json",
 *   "x-slack-request-timestamp": String(timestamp),
 *   "x-slack-signature": signSlackWebhook(signingSecret, body, timestamp),
 * };
 */
export function signSlackWebhook(
  secret: string,
  body: string | Uint8Array,
  timestamp: number | string,
): string {
  const digest = createHmac("sha256", secret)
    .update(slackSignedPayload(String(timestamp), body))
    .digest("hex");
  return `v0=${digest}`;
}

/**
 * A `Request` as Slack sends it: the body signed with Slack's `v0` scheme
 * (`X-Slack-Signature`, `X-Slack-Request-Timestamp`).
 */
export function createSlackWebhookRequest(
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SignedSlackRequestOptions,
): Request {
  const timestamp = options.timestamp ?? nowSeconds();
  return new Request(options.url ?? DEFAULT_URL, {
    method: "POST",
    headers: {
      "content-type": contentType,
      [SLACK_WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [SLACK_WEBHOOK_HEADERS.signature]: signSlackWebhook(options.signingSecret, body, timestamp),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...options.headers,
    },
    body,
  });
}

/** Options of {@link createSlackEventRequest}. */
export interface SlackEventRequestOptions extends SignedSlackRequestOptions {
  /** The inner event (`{ type: "message", channel, user, text, ts }`). */
  event: SlackEvent;
  /** `event_id`; default derived from the event, so the same event gets the same id. */
  eventId?: string | undefined;
  /** `event_time`, epoch seconds; default the timestamp. */
  eventTime?: number | undefined;
  /** Workspace id; default `T0FAKE001`. */
  teamId?: string | undefined;
  /** App id; default `A0FAKEAPP`. */
  apiAppId?: string | undefined;
  /** Sends `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason: http_timeout`) as a Slack retry does. */
  retryNum?: number | undefined;
}

/** The Events API envelope {@link createSlackEventRequest} signs. */
export function slackEventEnvelope(options: Omit<SlackEventRequestOptions, "signingSecret">) {
  const eventTime = options.eventTime ?? options.timestamp ?? nowSeconds();
  const eventId =
    options.eventId ??
    `Ev${createHash("sha256").update(JSON.stringify(options.event)).digest("hex").slice(0, 10).toUpperCase()}`;
  return {
    token: "fake-verification-token",
    team_id: options.teamId ?? "T0FAKE001",
    api_app_id: options.apiAppId ?? "A0FAKEAPP",
    event: options.event,
    type: "event_callback" as const,
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: options.teamId ?? "T0FAKE001",
        user_id: "U0FAKEBOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString("base64url")}`,
  };
}

/** A signed Events API `event_callback` request. */
export function createSlackEventRequest(options: SlackEventRequestOptions): Request {
  const retry: Record<string, string> =
    options.retryNum === undefined
      ? {}
      : { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" };
  return createSlackWebhookRequest(
    JSON.stringify(slackEventEnvelope(options)),
    "application/json",
    {
      ...options,
      headers: { ...retry, ...options.headers },
    },
  );
}

/** A signed `url_verification` request (sent when the Request URL is saved). */
export function createSlackUrlVerificationRequest(
  options: SignedSlackRequestOptions & { challenge: string },
): Request {
  return createSlackWebhookRequest(
    JSON.stringify({
      token: "fake-verification-token",
      challenge: options.challenge,
      type: "url_verification",
    }),
    "application/json",
    options,
  );
}

/** Options of {@link createSlashCommandRequest}. */
export interface SlashCommandRequestOptions extends SignedSlackRequestOptions {
  /** The command, e.g. `/deploy`. */
  command: string;
  /** Text after the command. */
  text?: string | undefined;
  /** Who ran it; default `U0FAKEUSER`. */
  userId?: string | undefined;
  /** Their name; default `fake.user`. */
  userName?: string | undefined;
  /** Where; default `C0GENERAL`. */
  channelId?: string | undefined;
  /** Channel name; default `general`. */
  channelName?: string | undefined;
  /** Trigger id; default a fresh one. */
  triggerId?: string | undefined;
  /** Response URL; default `https://hooks.slack.com/commands/…` (use the fake's `createResponseUrl()`). */
  responseUrl?: string | undefined;
}

/** A signed slash command request, form-encoded with the fields Slack sends. */
export function createSlashCommandRequest(options: SlashCommandRequestOptions): Request {
  triggerCount += 1;
  const form = new URLSearchParams({
    token: "fake-verification-token",
    team_id: "T0FAKE001",
    team_domain: "contexten-fake",
    channel_id: options.channelId ?? "C0GENERAL",
    channel_name: options.channelName ?? "general",
    user_id: options.userId ?? "U0FAKEUSER",
    user_name: options.userName ?? "fake.user",
    command: options.command,
    text: options.text ?? "",
    api_app_id: "A0FAKEAPP",
    is_enterprise_install: "false",
    response_url:
      options.responseUrl ?? `https://hooks.slack.com/commands/T0FAKE001/${triggerCount}/fake`,
    trigger_id: options.triggerId ?? `${1_000_000 + triggerCount}.1337.fake${triggerCount}`,
  });
  return createSlackWebhookRequest(form.toString(), "application/x-www-form-urlencoded", options);
}

/** A signed interactivity request: `payload=<JSON>`, form-encoded. */
export function createInteractionRequest(
  options: SignedSlackRequestOptions & { payload: Record<string, unknown> },
): Request {
  const form = new URLSearchParams({ payload: JSON.stringify(options.payload) });
  return createSlackWebhookRequest(form.toString(), "application/x-www-form-urlencoded", options);
}
