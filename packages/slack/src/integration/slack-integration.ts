import type { EventBus, WebhookHandlerOptions, WorkflowStatus } from "@contexten/core";
import { type IntegrationDefaults, PlatformIntegration } from "@contexten/core/adapter";
import type { ThreadStatus } from "../blocks/status-blocks";
import { SlackClient } from "../client/slack-client";
import type { SlackClientOptions } from "../client/slack-client-options";
import {
  type RichNotification,
  type SlackMessageResult,
  SlackNotifier,
  type ThreadStatusOptions,
  type ThreadStatusResult,
} from "../notifications/slack-notifier";
import {
  createSlackSocketMode,
  type SlackSocketMode,
  type SlackSocketModeOptions,
} from "../socket-mode/slack-socket-mode";
import {
  type InteractiveHandler,
  type InteractiveMatcher,
  SlackHandlerRegistry,
  type SlashCommandHandler,
} from "../webhooks/slack-handlers";
import { type SlackWebhookSource, slackWebhooks } from "../webhooks/slack-webhook-source";
import { InteractiveWorkflowManager } from "../workflows/interactive-workflow-manager";
import type { CreateWorkflowModalOptions } from "../workflows/workflow-manager-options";
import type { WorkflowSessionStore } from "../workflows/workflow-session-store";
import type { SlackModal, WorkflowTemplate } from "../workflows/workflow-types";

/** Options of {@link createSlackIntegration}: the client's, plus inbound and workflow settings. */
export interface SlackIntegrationOptions extends SlackClientOptions {
  /** Signing secrets besides `signingSecret` / `SLACK_SIGNING_SECRET` (rotation). */
  signingSecrets?: readonly string[] | undefined;
  /** Receives handler and workflow failures (`error`). */
  bus?: EventBus | undefined;
  /** Logs failures nobody else listens to; default `console`. */
  logger?: Pick<Console, "error"> | undefined;
  /** Time a handler has before Slack is acked without its answer, ms (default 2,000). */
  handlerTimeoutMs?: number | undefined;
  /** Workflow templates to register. */
  templates?: readonly WorkflowTemplate[] | undefined;
  /** Where workflow sessions live; memory by default. */
  sessionStore?: WorkflowSessionStore | undefined;
  /** Idle time before a workflow session expires, ms (default 30 minutes). */
  sessionTimeoutMs?: number | undefined;
  /** Ask Slack for each notification's permalink. */
  permalinks?: boolean | undefined;
}

/** Options of `SlackIntegration.createWebhookHandler`. */
export type SlackWebhookHandlerOptions = Omit<WebhookHandlerOptions, "sources">;

/** Options of {@link SlackIntegration.createSocketMode}. */
export type SlackIntegrationSocketModeOptions = Pick<
  SlackSocketModeOptions,
  "store" | "onEvent" | "appToken" | "autoReconnect"
>;

/**
 * Everything Slack in one object: the Web API
 * client, the notifier, one handler registry answering both HTTP and Socket Mode, and the
 * interactive workflow manager, already wired to that registry.
 *
 * | Python-style name | here |
 * | --- | --- |
 * | `send_rich_notification` | {@link SlackIntegration.sendRichNotification} |
 * | `create_workflow_modal` | {@link SlackIntegration.createWorkflowModal} |
 * | `update_thread_status` | {@link SlackIntegration.updateThreadStatus} |
 * | `register_slash_command` | {@link SlackIntegration.registerSlashCommand} |
 * | `register_interactive_handler` | {@link SlackIntegration.registerInteractiveHandler} |
 * | `interactive_workflows` | {@link SlackIntegration.workflows} |
 */
export class SlackIntegration extends PlatformIntegration<SlackWebhookSource, SlackClient> {
  /** Platform id. */
  readonly platform = "slack";
  /** The Web API client. */
  readonly client: SlackClient;
  /** Sends notifications. */
  readonly notifier: SlackNotifier;
  /** Slash command and interaction handlers, shared by HTTP and Socket Mode. */
  readonly handlers = new SlackHandlerRegistry();
  /** Multi-step modal workflows. */
  readonly workflows: InteractiveWorkflowManager;
  readonly #options: SlackIntegrationOptions;
  #webhooks: SlackWebhookSource | undefined;

  constructor(options: SlackIntegrationOptions = {}) {
    super();
    this.#options = options;
    this.client = new SlackClient(options);
    this.notifier = new SlackNotifier({ client: this.client, permalinks: options.permalinks });
    this.workflows = new InteractiveWorkflowManager({
      client: this.client,
      store: options.sessionStore,
      templates: options.templates,
      sessionTimeoutMs: options.sessionTimeoutMs,
      clock: options.clock,
      instrumentation: options.instrumentation,
      bus: options.bus,
      logger: options.logger,
    });
    this.workflows.registerHandlers(this.handlers);
  }

  /**
   * The HTTP webhook source (created on first use; it needs a signing secret:
   * `signingSecret`, `signingSecrets` or `SLACK_SIGNING_SECRET`).
   */
  get webhooks(): SlackWebhookSource {
    this.#webhooks ??= slackWebhooks({
      signingSecret: this.#options.signingSecret,
      signingSecrets: this.#options.signingSecrets,
      env: this.#options.env,
      ...this.#inbound(),
    });
    return this.#webhooks;
  }

  /** Socket Mode with the same handlers (call `start()` on the result). */
  createSocketMode(options: SlackIntegrationSocketModeOptions): SlackSocketMode {
    return createSlackSocketMode({
      ...options,
      env: this.#options.env,
      appToken: options.appToken ?? this.#options.appToken,
      ...this.#inbound(),
    });
  }

  /** Sends a notification with Slack extras (thread, blocks). */
  sendRichNotification(
    channel: string,
    notification: RichNotification,
  ): Promise<SlackMessageResult> {
    return this.notifier.sendRichNotification(channel, notification);
  }

  /** Opens a workflow's modal (`views.open`), starting a session. */
  createWorkflowModal(
    triggerId: string,
    workflowType: string,
    options?: CreateWorkflowModalOptions,
  ): Promise<SlackModal> {
    return this.workflows.createWorkflowModal(triggerId, workflowType, options);
  }

  /** Shows a workflow status on a thread's root message and in the thread. */
  updateThreadStatus(
    channel: string,
    ts: string,
    status: WorkflowStatus | ThreadStatus,
    options?: ThreadStatusOptions,
  ): Promise<ThreadStatusResult> {
    return this.notifier.updateThreadStatus(channel, ts, status, options);
  }

  /** Registers a slash command handler (answers over HTTP and Socket Mode). */
  registerSlashCommand(command: string, handler: SlashCommandHandler): () => void {
    return this.handlers.registerSlashCommand(command, handler);
  }

  /** Registers an interaction handler (answers over HTTP and Socket Mode). */
  registerInteractiveHandler(matcher: InteractiveMatcher, handler: InteractiveHandler): () => void {
    return this.handlers.registerInteractiveHandler(matcher, handler);
  }

  protected get integrationDefaults(): IntegrationDefaults {
    return this.#options;
  }

  #inbound() {
    return {
      client: this.client,
      handlers: this.handlers,
      handlerTimeoutMs: this.#options.handlerTimeoutMs,
      clock: this.#options.clock,
      instrumentation: this.#options.instrumentation,
      bus: this.#options.bus,
      logger: this.#options.logger,
    };
  }
}

/** Creates a {@link SlackIntegration}. */
export function createSlackIntegration(options: SlackIntegrationOptions = {}): SlackIntegration {
  return new SlackIntegration(options);
}
