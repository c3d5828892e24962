import {
  type Clock,
  ConfigurationError,
  ContextenError,
  type CorrelatedEvent,
  ValidationError,
  type WebhookDelivery,
} from "@contexten/core";
import {
  type AcknowledgeContext,
  type ErrorSinks,
  readString,
  reportError,
  type WebhookReply,
} from "@contexten/core/adapter";
import type { ResponseUrlMessage } from "../client/response-url-message";
import type { SlackClient } from "../client/slack-client";
import type {
  InteractionResponse,
  SlackHandlerContext,
  SlackHandlerRegistry,
  SlashCommandResponse,
} from "./slack-handlers";
import type { InteractionPayload, SlackInbound } from "./slack-payloads";

/** What {@link acknowledgeSlack} needs. */
export interface AcknowledgeOptions {
  /** Where handlers are registered. */
  registry: SlackHandlerRegistry;
  /** Handed to handlers, and used by `respond`. */
  client: SlackClient | undefined;
  /** Time source for the handler deadline. */
  clock: Clock;
  /** A handler answering later than this is acked without its answer, ms. */
  handlerTimeoutMs: number;
  /** Where handler failures are reported. */
  sinks: ErrorSinks;
}

/**
 * Interactions whose ack body Slack reads: a modal's next state, or an external select's
 * options.
 */
const ANSWERED_TYPES: ReadonlySet<string> = new Set(["view_submission", "block_suggestion"]);

/** An empty 200: what Slack expects when there is nothing to say. */
const EMPTY: WebhookReply = { status: 200 };

/**
 * Builds Slack's ack for a stored delivery by running its handlers: a slash command
 * handler's answer becomes the immediate (ephemeral by default) message, a
 * `view_submission` handler's `response_action` the modal's next state, a
 * `block_suggestion` handler's options the external select's choices; everything else is
 * acked with an empty 200. A handler that throws or misses `handlerTimeoutMs` is reported
 * (`Instrumentation.onError`, the bus's `error`) and Slack gets an empty ack, or for a
 * command a short ephemeral notice, never a stack trace.
 */
export async function acknowledgeSlack(
  delivery: WebhookDelivery<SlackInbound>,
  events: readonly CorrelatedEvent[],
  context: AcknowledgeContext,
  options: AcknowledgeOptions,
): Promise<WebhookReply> {
  const inbound = delivery.body;
  const event = events[0];
  if (inbound.kind === "command") {
    const { command } = inbound;
    const handler = options.registry.commandHandler(command.command);
    if (!handler) return EMPTY;
    const base = handlerContext(options, event, command.response_url, context.signal);
    // A handler that returns nothing (void) answers with an empty ack.
    const outcome = await withinDeadline<SlashCommandResponse>(
      () => handler({ ...base, command }) as SlashCommandResponse | Promise<SlashCommandResponse>,
      options,
      `the ${command.command} handler`,
      event,
    );
    if (outcome.failed && outcome.late) return EMPTY;
    if (outcome.failed) {
      return {
        body: {
          response_type: "ephemeral",
          text: `:warning: ${command.command} could not be completed. Please try again.`,
        },
      };
    }
    return commandReply(outcome.value);
  }
  if (inbound.kind === "interaction") {
    const { interaction } = inbound;
    let reply: InteractionResponse | undefined;
    for (const { handler, action } of options.registry.interactiveHandlers(interaction)) {
      const base = handlerContext(options, event, responseUrlOf(interaction), context.signal);
      const outcome = await withinDeadline<InteractionResponse | undefined>(
        () =>
          handler({ ...base, payload: interaction, action }) as
            | InteractionResponse
            | undefined
            | Promise<InteractionResponse | undefined>,
        options,
        `the ${interaction.type} handler${action ? ` for ${action.action_id}` : ""}`,
        event,
      );
      if (!reply && !outcome.failed && outcome.value && ANSWERED_TYPES.has(interaction.type)) {
        reply = outcome.value;
      }
    }
    return reply ? { body: reply } : EMPTY;
  }
  return EMPTY;
}

function commandReply(answer: SlashCommandResponse): WebhookReply {
  if (answer === undefined) return EMPTY;
  if (typeof answer === "string") return { body: { response_type: "ephemeral", text: answer } };
  return { body: answer };
}

function responseUrlOf(interaction: InteractionPayload): string | undefined {
  return (
    readString(interaction, "response_url") ??
    readString(interaction, "response_urls", 0, "response_url")
  );
}

function handlerContext(
  options: AcknowledgeOptions,
  event: CorrelatedEvent | undefined,
  responseUrl: string | undefined,
  signal: AbortSignal,
): SlackHandlerContext {
  return {
    event,
    client: options.client,
    signal,
    async respond(message: ResponseUrlMessage | string) {
      if (!responseUrl) {
        throw new ValidationError({
          platform: "slack",
          message:
            "This interaction has no response_url (modal submissions only have one with response_url_enabled inputs); post with client.postMessage instead.",
        });
      }
      if (!options.client) {
        throw new ConfigurationError({
          platform: "slack",
          message:
            "respond() needs a SlackClient: pass client to slackWebhooks / the socket mode receiver.",
        });
      }
      await options.client.respond(
        responseUrl,
        typeof message === "string" ? { text: message } : message,
      );
    },
  };
}

type Outcome<Value> = { failed: false; value: Value } | { failed: true; late: boolean };

/**
 * Runs a handler against the ack deadline. A late handler keeps running (its work is not
 * lost), but its answer no longer reaches Slack; lateness and failures are reported.
 */
async function withinDeadline<Value>(
  run: () => Value | Promise<Value>,
  options: AcknowledgeOptions,
  what: string,
  event: CorrelatedEvent | undefined,
): Promise<Outcome<Value>> {
  const report = (error: unknown) =>
    reportError(options.sinks, {
      phase: "slack.handler",
      error,
      platform: "slack",
      ...(event ? { eventId: event.id } : {}),
    });
  const work = Promise.resolve()
    .then(run)
    .then(
      (value): Outcome<Value> => ({ failed: false, value }),
      (error: unknown): Outcome<Value> => {
        report(error);
        return { failed: true, late: false };
      },
    );
  let timer: unknown;
  const late = new Promise<Outcome<Value>>((resolve) => {
    timer = options.clock.setTimeout(() => {
      report(
        new ContextenError({
          code: "ack_deadline_missed",
          platform: "slack",
          message: `${what} did not answer within ${options.handlerTimeoutMs} ms, so Slack was acked without its answer; return quickly and use respond() or the client for slow work.`,
        }),
      );
      resolve({ failed: true, late: true });
    }, options.handlerTimeoutMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    options.clock.clearTimeout(timer);
  }
}
