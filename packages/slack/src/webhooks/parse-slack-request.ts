import { createHash } from "node:crypto";
import { ValidationError, type WebhookRequest } from "@contexten/core";
import { type ParsedWebhook, parseFormBody, parseJsonObject } from "@contexten/core/adapter";
import type {
  InteractionPayload,
  SlackEventEnvelope,
  SlackInbound,
  SlashCommandPayload,
} from "./slack-payloads";
import { SLACK_WEBHOOK_HEADERS } from "./slack-webhook-headers";

const COMMAND_FIELDS = ["command", "user_id", "channel_id", "team_id"] as const;

function invalid(message: string): ValidationError {
  return new ValidationError({ platform: "slack", message });
}

/** A stable id for a body without one of Slack's ids. */
function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * Parses a verified Slack request:
 *
 * - JSON `url_verification` → a control reply with the `challenge`;
 * - JSON `event_callback` → an event delivery whose id is the `event_id` (the same on every
 *   retry, so `X-Slack-Retry-Num` redeliveries are processed once);
 * - other JSON callbacks (`app_rate_limited`, …) → stored deliveries;
 * - form `ssl_check=1` → an empty control reply;
 * - form with `payload` → an interaction delivery (id from `trigger_id`, or a hash of
 *   the payload for `view_closed`, which has none);
 * - form with `command` → a slash command delivery (id from `trigger_id`).
 *
 * Malformed input throws `ValidationError` (answered 400).
 */
export function parseSlackRequest(request: WebhookRequest): ParsedWebhook<SlackInbound> {
  if (request.contentType === "application/json") return parseJson(request);
  const form = parseFormBody(request.text);
  if (form.ssl_check === "1") {
    return { kind: "control", eventName: "ssl_check", reply: { status: 200 } };
  }
  if (form.payload !== undefined) {
    const interaction = parseJsonObject(form.payload, "slack", "interaction payload");
    if (typeof interaction.type !== "string" || interaction.type === "") {
      throw invalid("The Slack interaction payload has no type.");
    }
    const triggerId = typeof interaction.trigger_id === "string" ? interaction.trigger_id : "";
    return {
      kind: "delivery",
      deliveryId: `interaction:${interaction.type}:${triggerId || hashOf(form.payload)}`,
      eventName: interaction.type,
      body: { kind: "interaction", interaction: interaction as unknown as InteractionPayload },
    };
  }
  if (form.command !== undefined) {
    const missing = COMMAND_FIELDS.filter((field) => !form[field]);
    if (missing.length > 0) {
      throw invalid(`The Slack slash command is malformed: missing ${missing.join(", ")}.`);
    }
    // The command is not repeated in the answer: it is whatever the sender typed.
    if (!form.command.startsWith("/")) {
      throw invalid(
        'The Slack slash command is malformed: its command field must start with "/" (such as /deploy).',
      );
    }
    const command = { text: "", ...form } as SlashCommandPayload;
    return {
      kind: "delivery",
      deliveryId: `command:${command.trigger_id || hashOf(request.text)}`,
      eventName: "slash_command",
      body: { kind: "command", command },
    };
  }
  throw invalid(
    "The Slack form body has neither a payload (interaction) nor a command (slash command).",
  );
}

function parseJson(request: WebhookRequest): ParsedWebhook<SlackInbound> {
  const body = parseJsonObject(request.text, "slack");
  const type = body.type;
  if (type === "url_verification") {
    if (typeof body.challenge !== "string") {
      throw invalid("The Slack url_verification request has no challenge.");
    }
    return {
      kind: "control",
      eventName: "url_verification",
      reply: { body: { challenge: body.challenge } },
    };
  }
  if (typeof type !== "string" || type === "") {
    throw invalid("The Slack Events API body has no type.");
  }
  if (type !== "event_callback") {
    return {
      kind: "delivery",
      deliveryId: `${type}:${hashOf(request.text)}`,
      eventName: type,
      body: { kind: "other", type, body },
    };
  }
  const event = body.event;
  if (typeof body.event_id !== "string" || body.event_id === "") {
    throw invalid("The Slack event_callback has no event_id.");
  }
  if (
    typeof event !== "object" ||
    event === null ||
    typeof (event as { type?: unknown }).type !== "string"
  ) {
    throw invalid("The Slack event_callback has no event object with a type.");
  }
  const retryNum = Number(request.headers.get(SLACK_WEBHOOK_HEADERS.retryNum) ?? 0);
  const retryReason = request.headers.get(SLACK_WEBHOOK_HEADERS.retryReason) ?? undefined;
  return {
    kind: "delivery",
    deliveryId: body.event_id,
    eventName: (event as { type: string }).type,
    body: {
      kind: "event",
      envelope: body as unknown as SlackEventEnvelope,
      retryNum: Number.isFinite(retryNum) ? retryNum : 0,
      ...(retryReason ? { retryReason } : {}),
    },
  };
}
