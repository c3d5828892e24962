import {
  ConfigurationError,
  createWebhookHandler,
  type EventStore,
  ValidationError,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from "@contexten/core";
import { type Environment, reportError } from "@contexten/core/adapter";
import type { SocketModeClient } from "@slack/socket-mode";
import { LogLevel } from "@slack/web-api";
import { resolveSlackConfig } from "../client/slack-config";
import type {
  InteractiveHandler,
  InteractiveMatcher,
  SlackHandlerRegistry,
  SlashCommandHandler,
} from "../webhooks/slack-handlers";
import {
  createSlackInboundSource,
  type SlackInboundOptions,
} from "../webhooks/slack-webhook-source";
import { envelopeToRequest, type SocketModeEnvelope } from "./envelope-to-request";

/** Options of {@link createSlackSocketMode}. */
export interface SlackSocketModeOptions extends SlackInboundOptions {
  /** App-level token (`xapp-…`, `connections:write`); default `SLACK_APP_TOKEN`. */
  appToken?: string | undefined;
  /** Environment for `SLACK_APP_TOKEN` and `SLACK_API_URL`; default `process.env`. */
  env?: Environment | undefined;
  /** Where events and delivery ids are stored (deduplication included). */
  store: EventStore;
  /** Runs for each newly stored event after the ack, as with the HTTP handler. */
  onEvent?: WebhookHandlerOptions["onEvent"] | undefined;
  /**
   * Web API base URL for `apps.connections.open`; default the client's, then
   * `SLACK_API_URL`, then Slack's.
   */
  slackApiUrl?: string | undefined;
  /** Reconnect when the connection drops or Slack asks to (default true). */
  autoReconnect?: boolean | undefined;
}

/** Slack over Socket Mode: the same handlers and events as HTTP, over a WebSocket. */
export interface SlackSocketMode {
  /** Where slash command and interaction handlers live (shareable with `slackWebhooks`). */
  readonly handlers: SlackHandlerRegistry;
  /** The core webhook handler envelopes go through (`drain()`, `pending`). */
  readonly handler: WebhookHandler;
  /** True between a successful `start()` and `stop()`. */
  readonly connected: boolean;
  /** Registers a slash command handler. */
  registerSlashCommand(command: string, handler: SlashCommandHandler): () => void;
  /** Registers an interaction handler. */
  registerInteractiveHandler(matcher: InteractiveMatcher, handler: InteractiveHandler): () => void;
  /** Opens the connection (`apps.connections.open`, then the WebSocket); resolves on `hello`. */
  start(): Promise<void>;
  /** Closes the connection and waits for post-ack work to finish. */
  stop(): Promise<void>;
}

/**
 * Receives Slack's events, slash commands and interactions over Socket Mode
 * (`@slack/socket-mode`, loaded on `start()`), an alternative to a public HTTP endpoint.
 * Every envelope takes exactly the path an HTTP request takes: it is turned into the
 * request Slack would have POSTed and handled by core's webhook handler with the Slack
 * source (deduplicated by delivery id, normalized, stored, then the handlers run), and
 * the ack carries the same body an HTTP response would (a command's message, a modal's
 * `response_action`). The signature check is the one step skipped: the WebSocket was
 * opened with the app token, and the request never leaves the process.
 *
 * Envelopes whose storage fails are not acked, so Slack delivers them again.
 */
export function createSlackSocketMode(options: SlackSocketModeOptions): SlackSocketMode {
  const config = resolveSlackConfig(
    {
      appToken: options.appToken,
      slackApiUrl: options.slackApiUrl ?? options.client?.config.slackApiUrl,
    },
    options.env,
  );
  if (!config.appToken) {
    throw new ConfigurationError({
      platform: "slack",
      message:
        "Socket Mode needs an app-level token (xapp-…): set SLACK_APP_TOKEN or pass appToken",
    });
  }
  const appToken = config.appToken;
  const inbound = createSlackInboundSource(options);
  const sinks = {
    instrumentation: options.instrumentation,
    bus: options.bus,
    logger: options.logger,
  };
  const handler = createWebhookHandler({
    sources: { ...inbound, matches: () => true, verify: () => undefined },
    store: options.store,
    onEvent: options.onEvent,
    bus: options.bus,
    instrumentation: options.instrumentation,
    logger: options.logger,
  });
  let socket: SocketModeClient | undefined;
  let connected = false;

  async function onEnvelope(
    envelope: SocketModeEnvelope & { ack: (payload?: Record<string, unknown>) => Promise<void> },
  ): Promise<void> {
    const request = envelopeToRequest(envelope);
    if (!request) {
      await envelope.ack();
      return;
    }
    const { response, result } = await handler.process(request);
    if (response.status >= 500) return; // Not acked: Slack redelivers it.
    if (response.status >= 400) {
      reportError(sinks, {
        phase: "slack.socket-mode",
        platform: "slack",
        error: new ValidationError({
          platform: "slack",
          message: `A Socket Mode ${envelope.type} envelope was refused (${response.status}): ${result.error?.message ?? "unknown"}`,
        }),
      });
    }
    const text = result.status === "processed" ? await response.text() : "";
    const payload = text.startsWith("{")
      ? (JSON.parse(text) as Record<string, unknown>)
      : undefined;
    await envelope.ack(payload);
  }

  return {
    handlers: inbound.handlers,
    handler,
    get connected() {
      return connected;
    },
    registerSlashCommand: inbound.registerSlashCommand,
    registerInteractiveHandler: inbound.registerInteractiveHandler,
    async start() {
      if (socket) return;
      const { SocketModeClient: Client } = await import("@slack/socket-mode");
      socket = new Client({
        appToken,
        logLevel: LogLevel.ERROR,
        autoReconnectEnabled: options.autoReconnect ?? true,
        clientOptions: {
          slackApiUrl: config.slackApiUrl,
          ...(options.client ? { fetch: options.client.fetch } : {}),
          // Retries and rate limits are core's job, as for every other call.
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
        },
      });
      socket.on("slack_event", (envelope) => {
        onEnvelope(envelope).catch((error: unknown) =>
          reportError(sinks, { phase: "slack.socket-mode", platform: "slack", error }),
        );
      });
      try {
        await socket.start();
      } catch (error) {
        socket = undefined;
        throw error;
      }
      connected = true;
    },
    async stop() {
      const current = socket;
      socket = undefined;
      connected = false;
      if (current) await current.disconnect();
      await handler.close();
    },
  };
}
