import {
  type Clock,
  ConfigurationError,
  type CorrelatedEvent,
  type EventBus,
  type Instrumentation,
  systemClock,
  type WebhookDelivery,
  type WebhookSource,
} from "@contexten/core";
import {
  type Environment,
  type NormalizeContext,
  resolveWebhookSecrets,
  typeSegment,
} from "@contexten/core/adapter";
import type { SlackClient } from "../client/slack-client";
import { SLACK_ENVIRONMENT } from "../client/slack-config";
import { acknowledgeSlack } from "./acknowledge-slack";
import { normalizeEventCallback } from "./normalize-events-api";
import { normalizeInteraction, normalizeSlashCommand } from "./normalize-interactions";
import { parseSlackRequest } from "./parse-slack-request";
import { buildSlackEvent, slackTime } from "./slack-event-base";
import {
  type InteractiveHandler,
  type InteractiveMatcher,
  SlackHandlerRegistry,
  type SlashCommandHandler,
} from "./slack-handlers";
import type { SlackInbound } from "./slack-payloads";
import { verifySlackRequest } from "./slack-signature";
import {
  SLACK_ACK_DEADLINE_MS,
  SLACK_WEBHOOK_HEADERS,
  SLACK_WEBHOOK_TOLERANCE_MS,
} from "./slack-webhook-headers";

/** Default time a handler has to answer before Slack is acked without it. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 2000;
/** Longest handler timeout: core's webhook handler acks after 80% of the 3-second deadline. */
export const MAX_HANDLER_TIMEOUT_MS = 2400;

/** Options shared by the HTTP source and Socket Mode. */
export interface SlackInboundOptions {
  /** Web API client handed to handlers (and used by `respond`). */
  client?: SlackClient | undefined;
  /** Handler registry to share (e.g. between HTTP and Socket Mode); a new one by default. */
  handlers?: SlackHandlerRegistry | undefined;
  /**
   * A handler answering later than this is acked without its answer (and reported), ms.
   * Default 2,000; at most 2,400, the share of Slack's 3 s the webhook handler allows.
   */
  handlerTimeoutMs?: number | undefined;
  /** Time source for signatures and handler deadlines (inject for tests). */
  clock?: Clock | undefined;
  /** Receives handler failures (`onError`). */
  instrumentation?: Instrumentation | undefined;
  /** Receives handler failures (`error`). */
  bus?: EventBus | undefined;
  /** Logs handler failures when nobody else listens; default `console`. */
  logger?: Pick<Console, "error"> | undefined;
}

/** Options of {@link slackWebhooks}. */
export interface SlackWebhooksOptions extends SlackInboundOptions {
  /** The app's signing secret; several (or a comma-separated list) during rotation. */
  signingSecret?: string | readonly string[] | undefined;
  /** Several signing secrets (rotation); any one verifies. */
  signingSecrets?: readonly string[] | undefined;
  /** Environment for `SLACK_SIGNING_SECRET`; default `process.env`. */
  env?: Environment | undefined;
  /** Replay window for `X-Slack-Request-Timestamp`, ms; default 5 minutes. */
  toleranceMs?: number | undefined;
}

/** A Slack inbound source: a `WebhookSource` plus its handler registry. */
export interface SlackWebhookSource extends WebhookSource<SlackInbound> {
  /** Where slash command and interaction handlers live. */
  readonly handlers: SlackHandlerRegistry;
  /** Registers a slash command handler (see {@link SlackHandlerRegistry.registerSlashCommand}). */
  registerSlashCommand(command: string, handler: SlashCommandHandler): () => void;
  /** Registers an interaction handler (see {@link SlackHandlerRegistry.registerInteractiveHandler}). */
  registerInteractiveHandler(matcher: InteractiveMatcher, handler: InteractiveHandler): () => void;
}

/**
 * Slack's inbound requests for core's `createWebhookHandler`: Events API, slash commands
 * and interactivity on one URL. Requests are verified with Slack's `v0` signature and a
 * 5-minute replay window (any of several secrets), parsed (`url_verification` is answered
 * with its challenge), deduplicated by `event_id` (Slack retries are processed once),
 * normalized into `CorrelatedEvent`s and stored; then registered handlers answer within
 * the 3-second ack: a slash command's ephemeral message, a modal's `response_action`.
 *
 * @example
 * const slack = slackWebhooks({ signingSecret: process.env.SLACK_SIGNING_SECRET, client });
 * slack.registerSlashCommand("/deploy", ({ command }) => `Deploying ${command.text}…`);
 * const handler = createWebhookHandler({ sources: slack, store });
 */
export function slackWebhooks(options: SlackWebhooksOptions = {}): SlackWebhookSource {
  const secrets = resolveSecrets(options);
  const clock = options.clock ?? systemClock;
  return {
    ...createSlackInboundSource(options),
    matches: (request) =>
      request.headers.has(SLACK_WEBHOOK_HEADERS.signature) ||
      request.headers.has(SLACK_WEBHOOK_HEADERS.timestamp),
    verify(request) {
      return verifySlackRequest(request, {
        secrets,
        nowMs: clock.now(),
        toleranceMs: options.toleranceMs ?? SLACK_WEBHOOK_TOLERANCE_MS,
      });
    },
  };
}

function resolveSecrets(options: SlackWebhooksOptions): string[] {
  return resolveWebhookSecrets({
    platform: "slack",
    name: "Slack",
    secret: options.signingSecret,
    secrets: options.signingSecrets,
    env: options.env,
    variable: SLACK_ENVIRONMENT.signingSecret,
    optionNames: ["signingSecret", "signingSecrets"],
    whereToFind: "Slack shows it under Basic Information → App Credentials.",
  });
}

/**
 * Everything of the Slack source except how requests are authenticated: parsing,
 * normalization and handler dispatch. `slackWebhooks` adds signature verification; Socket
 * Mode, whose envelopes arrive over an authenticated connection, uses it as it is.
 */
export function createSlackInboundSource(
  options: SlackInboundOptions,
): Omit<SlackWebhookSource, "matches" | "verify"> {
  const handlers = options.handlers ?? new SlackHandlerRegistry();
  const handlerTimeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  if (!(handlerTimeoutMs > 0 && handlerTimeoutMs <= MAX_HANDLER_TIMEOUT_MS)) {
    throw new ConfigurationError({
      platform: "slack",
      message: `handlerTimeoutMs must be between 1 and ${MAX_HANDLER_TIMEOUT_MS} ms: the webhook handler acks Slack after 80% of its 3-second deadline, and a handler's answer must arrive before that.`,
    });
  }
  const acknowledgeOptions = {
    registry: handlers,
    client: options.client,
    clock: options.clock ?? systemClock,
    handlerTimeoutMs,
    sinks: { instrumentation: options.instrumentation, bus: options.bus, logger: options.logger },
  };
  return {
    platform: "slack",
    contentTypes: ["application/json", "application/x-www-form-urlencoded"],
    ackDeadlineMs: SLACK_ACK_DEADLINE_MS,
    handlers,
    registerSlashCommand: (command, handler) => handlers.registerSlashCommand(command, handler),
    registerInteractiveHandler: (matcher, handler) =>
      handlers.registerInteractiveHandler(matcher, handler),
    parse: parseSlackRequest,
    normalize: normalizeSlackDelivery,
    acknowledge: (delivery, events, context) =>
      acknowledgeSlack(delivery, events, context, acknowledgeOptions),
  };
}

/** Turns a parsed Slack delivery into events (deterministic: ids derive from the delivery id). */
export function normalizeSlackDelivery(
  delivery: WebhookDelivery<SlackInbound>,
  { request }: NormalizeContext,
): CorrelatedEvent[] {
  const context = { deliveryId: delivery.deliveryId, receivedAt: request.receivedAt };
  const signedAt = slackTime(
    request.headers.get(SLACK_WEBHOOK_HEADERS.timestamp) ?? undefined,
    request.receivedAt,
  );
  const inbound = delivery.body;
  switch (inbound.kind) {
    case "event":
      return normalizeEventCallback(inbound.envelope, context);
    case "command":
      return normalizeSlashCommand(inbound.command, context, signedAt);
    case "interaction":
      return normalizeInteraction(inbound.interaction, context, signedAt);
    case "other":
      return [
        buildSlackEvent(context, 0, {
          type: `slack.${typeSegment(inbound.type)}`,
          occurredAt: signedAt,
          subject: { kind: typeSegment(inbound.type), id: delivery.deliveryId },
          payload: inbound.body,
        }),
      ];
  }
}
