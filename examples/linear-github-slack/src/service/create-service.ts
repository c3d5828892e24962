import {
  type CorrelatedEvent,
  CorrelationEngine,
  createEventBus,
  createWebhookHandler,
  type EventBus,
  type Instrumentation,
  type NodeListener,
  reportError,
  toNodeListener,
  type WebhookHandler,
  type WebhookSource,
} from "@contexten/core";
import { type GitHubClient, type GitHubWebhookSource, githubWebhooks } from "@contexten/github";
import { createLinearIssueTracker, type LinearClient, linearWebhooks } from "@contexten/linear";
import {
  createIssueWorkflowTemplate,
  createSlackNotifier,
  InteractiveWorkflowManager,
  type SlackClient,
  slackWebhooks,
  type WorkflowSessionStore,
} from "@contexten/slack";
import type { PostgresStore } from "@contexten/storage-postgres";
import { createPullRequestReactions } from "./pull-request-reactions";
import { createRouter } from "./router";

/** Everything the service is composed from. Clients are injected, so tests and the demo can point them at fakes. */
export interface ContextenServiceOptions {
  /** Durable events, links and workflow runs. */
  store: PostgresStore;
  /** GitHub: webhook secret(s) and a client (used for review summaries and status). */
  github: { webhookSecret: string | readonly string[]; client: GitHubClient };
  /**
   * Slack: signing secret(s), a client, the channel id for notifications, and where the
   * `/issue` modal's sessions live (memory by default; Redis or PostgreSQL to let several
   * instances serve one modal).
   */
  slack: {
    signingSecret: string | readonly string[];
    client: SlackClient;
    channel: string;
    sessions?: WorkflowSessionStore;
  };
  /** Linear: webhook secret(s), a client and the team new links default to. */
  linear: { webhookSecret: string | readonly string[]; client: LinearClient; defaultTeam?: string };
  /** Metrics hooks (API calls, webhooks, correlation matches, errors). */
  instrumentation?: Instrumentation;
  /** Bus for `event`, `correlation`, `error` (created when absent). */
  bus?: EventBus;
  /** Clock for correlation windows and workflow timestamps (default system time). */
  now?: () => Date;
  /** Logger for errors nobody else listens to (default console). */
  logger?: Pick<Console, "error">;
}

/** The running service. */
export interface ContextenService {
  /** Fetch-style entry point with every route. */
  fetch(request: Request): Promise<Response>;
  /** The same for `node:http`. */
  listener: NodeListener;
  /** The correlation engine (lineage, related events). */
  engine: CorrelationEngine;
  /** The bus (`event`, `correlation`, `error`). */
  bus: EventBus;
  /** GitHub's webhook source, for registering typed handlers (`on("pull_request.opened", …)`). */
  githubSource: GitHubWebhookSource;
  /** Slack modal workflows (`/issue` files a Linear issue in two steps). */
  workflows: InteractiveWorkflowManager;
  /** Resolves when all work started after webhook acks (correlation, reactions) is done. */
  drain(): Promise<void>;
}

/**
 * Composes contexten's packages into one service: three webhook endpoints (GitHub, Slack,
 * Linear) that store events durably before acknowledging, a correlation engine that
 * links them, the PR reactions (Slack notification, Linear attachment, thread status on
 * merge), and the read API (`/status`, `/events/:id/lineage`). See the README for routes.
 */
export function createContextenService(options: ContextenServiceOptions): ContextenService {
  const { store } = options;
  const bus = options.bus ?? createEventBus();
  const sinks = { instrumentation: options.instrumentation, bus, logger: options.logger };
  const engine = new CorrelationEngine({
    store,
    bus,
    instrumentation: options.instrumentation,
    logger: options.logger,
    ...(options.now ? { clock: options.now } : {}),
  });
  const notifier = createSlackNotifier({ client: options.slack.client });
  const linearTracker = createLinearIssueTracker({
    client: options.linear.client,
    ...(options.linear.defaultTeam ? { defaultTeam: options.linear.defaultTeam } : {}),
  });
  const reactions = createPullRequestReactions({
    store,
    engine,
    notifier,
    channel: options.slack.channel,
    linear: linearTracker,
    github: options.github.client,
    ...(options.now ? { now: options.now } : {}),
  });

  const githubSource = githubWebhooks({ secrets: [options.github.webhookSecret].flat() });
  const slackSource = slackWebhooks({
    signingSecrets: [options.slack.signingSecret].flat(),
    client: options.slack.client,
  });
  const linearSource = linearWebhooks({ secrets: [options.linear.webhookSecret].flat() });

  // `/issue <title>` opens a two-step modal that files a Linear issue.
  const workflows = new InteractiveWorkflowManager({
    client: options.slack.client,
    ...(options.slack.sessions ? { store: options.slack.sessions } : {}),
    templates: [
      createIssueWorkflowTemplate({
        tracker: linearTracker,
        ...(options.linear.defaultTeam ? { container: options.linear.defaultTeam } : {}),
      }),
    ],
    bus,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  workflows.registerHandlers(slackSource);
  slackSource.registerSlashCommand("/issue", async ({ command }) => {
    await workflows.createWorkflowModal(command.trigger_id, "create_issue", {
      userId: command.user_id,
      context: { channelId: command.channel_id, text: command.text },
    });
  });

  // Post-ack work for every platform: correlate, then run typed handlers and reactions.
  // A failure in one step is reported and does not stop the others.
  async function afterAck(event: CorrelatedEvent): Promise<void> {
    await engine.processStoredEvent(event);
    if (event.platform === "github") {
      await githubSource.dispatch(event);
      await reactions
        .onEvent(event)
        .catch((error: unknown) =>
          reportError(sinks, { phase: "reactions", error, platform: "github", eventId: event.id }),
        );
    }
  }

  const handlerFor = (source: WebhookSource<never>): WebhookHandler =>
    createWebhookHandler({
      sources: source as WebhookSource<unknown>,
      store,
      bus,
      onEvent: afterAck,
      ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  const webhooks = {
    github: handlerFor(githubSource as WebhookSource<never>),
    slack: handlerFor(slackSource as WebhookSource<never>),
    linear: handlerFor(linearSource as WebhookSource<never>),
  };

  const fetch = createRouter({
    webhooks,
    engine,
    store,
    clients: {
      github: options.github.client,
      slack: options.slack.client,
      linear: options.linear.client,
    },
    workflows: store,
    triggerWorkflow: async (input) => {
      const run = await options.github.client.triggerWorkflow(input);
      return {
        id: run.id,
        name: run.name,
        status: run.status,
        url: run.html_url,
        event: run.event,
        branch: run.head_branch,
      };
    },
    onError: (error) => reportError(sinks, { phase: "http", error }),
  });

  return {
    fetch,
    listener: toNodeListener(fetch),
    engine,
    bus,
    githubSource,
    workflows,
    async drain() {
      // Post-ack work can start more work (a reaction appends workflow events), so repeat
      // until every handler is idle.
      while (Object.values(webhooks).some((handler) => handler.pending > 0)) {
        await Promise.all(Object.values(webhooks).map((handler) => handler.drain()));
      }
      await workflows.drain();
    },
  };
}
