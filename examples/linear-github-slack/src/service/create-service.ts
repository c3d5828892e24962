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
  type WorkflowRuntime,
} from "@contexten/core";
import {
  type GitHubClient,
  type GitHubWebhookSource,
  githubWebhooks,
  githubWorkflowActions,
} from "@contexten/github";
import {
  createLinearIssueTracker,
  type LinearClient,
  linearWebhooks,
  linearWorkflowActions,
} from "@contexten/linear";
import type { PrometheusInstrumentation } from "@contexten/prometheus";
import {
  createIssueWorkflowTemplate,
  InteractiveWorkflowManager,
  type SlackClient,
  slackWebhooks,
  slackWorkflowActions,
  type WorkflowSessionStore,
} from "@contexten/slack";
import type { PostgresStore } from "@contexten/storage-postgres";
import { createWorkflowEngine, type WorkflowEngine } from "@contexten/workflows";
import { mountObservability, withMetricsInstrumentation } from "./observability-routes";
import {
  GITHUB_ACTIONS_DISPATCH_WORKFLOW,
  linkedPullRequestWorkflow,
  serviceWorkflowActions,
} from "./pull-request-workflows";
import { createRouter } from "./router";

/** Everything the service is composed from. Clients are injected, so tests and the demo can point them at fakes. */
export interface ContextenServiceOptions {
  /** Durable events, links and workflow runs. */
  store: PostgresStore;
  /** Where workflow tasks run (pg-boss on the same database; see `createServiceStorage`). */
  runtime: WorkflowRuntime;
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
  /** Prometheus metrics: recorded through `instrumentation` and served at `/metrics`. */
  metrics?: PrometheusInstrumentation;
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
  /** The workflow engine running the service's reactions (and `POST /api/v1/workflows/trigger`). */
  workflows: WorkflowEngine;
  /** Slack modal workflows (`/issue` files a Linear issue in two steps). */
  modals: InteractiveWorkflowManager;
  /** Starts working on workflow runs in this process. */
  start(): Promise<void>;
  /**
   * Resolves when all work started after webhook acks (correlation, workflow triggers) is
   * done and no workflow step is running or due (runs waiting for an event do not count).
   */
  drain(): Promise<void>;
  /** Stops working on workflow runs (they continue in another process, or at the next start). */
  stop(): Promise<void>;
}

/**
 * Composes contexten's packages into one service: three webhook endpoints (GitHub, Slack,
 * Linear) that store events durably before acknowledging, a correlation engine that
 * links them, a workflow engine whose definitions are the PR reactions (Slack
 * notification, Linear attachment, thread status on merge), and the API (`/status`,
 * `/events/:id/lineage`, `/workflows`). See the README for routes.
 */
export function createContextenService(input: ContextenServiceOptions): ContextenService {
  const options = withMetricsInstrumentation(input);
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
  const linearTracker = createLinearIssueTracker({
    client: options.linear.client,
    ...(options.linear.defaultTeam ? { defaultTeam: options.linear.defaultTeam } : {}),
  });
  const workflows = createWorkflowEngine({
    store,
    events: store,
    runtime: options.runtime,
    bus,
    ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
    actions: [
      ...githubWorkflowActions(options.github.client),
      ...slackWorkflowActions(options.slack.client),
      ...linearWorkflowActions(linearTracker),
      ...serviceWorkflowActions(options.github.client),
    ],
    definitions: [
      linkedPullRequestWorkflow(options.slack.channel),
      GITHUB_ACTIONS_DISPATCH_WORKFLOW,
    ],
  });

  const githubSource = githubWebhooks({ secrets: [options.github.webhookSecret].flat() });
  const slackSource = slackWebhooks({
    signingSecrets: [options.slack.signingSecret].flat(),
    client: options.slack.client,
  });
  const linearSource = linearWebhooks({ secrets: [options.linear.webhookSecret].flat() });

  // `/issue <title>` opens a two-step modal that files a Linear issue.
  const modals = new InteractiveWorkflowManager({
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
  modals.registerHandlers(slackSource);
  slackSource.registerSlashCommand("/issue", async ({ command }) => {
    await modals.createWorkflowModal(command.trigger_id, "create_issue", {
      userId: command.user_id,
      context: { channelId: command.channel_id, text: command.text },
    });
  });

  // Post-ack work for every platform: correlate, run GitHub's typed handlers, then start
  // the workflows the event triggers and resume the runs waiting for it. A failure in one
  // step is reported and does not stop the others.
  async function afterAck(event: CorrelatedEvent): Promise<void> {
    await engine.processStoredEvent(event);
    if (event.platform === "github") await githubSource.dispatch(event);
    await workflows.onEvent(event).catch((error: unknown) =>
      reportError(sinks, {
        phase: "workflows",
        error,
        platform: event.platform,
        eventId: event.id,
      }),
    );
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

  const routes = createRouter({
    webhooks,
    engine,
    store,
    clients: {
      github: options.github.client,
      slack: options.slack.client,
      linear: options.linear.client,
    },
    workflows,
    onError: (error) => reportError(sinks, { phase: "http", error }),
  });
  const fetch = mountObservability({ ...options, store, engine, workflows, bus, webhooks }, routes);

  return {
    fetch,
    listener: toNodeListener(fetch),
    engine,
    bus,
    githubSource,
    workflows,
    modals,
    start: () => workflows.start(),
    async drain() {
      // Post-ack work can start workflow runs, and runs append events: repeat until the
      // webhook handlers and the workflow runtime are both idle.
      do {
        await Promise.all(Object.values(webhooks).map((handler) => handler.drain()));
        await workflows.idle();
      } while (Object.values(webhooks).some((handler) => handler.pending > 0));
      await modals.drain();
    },
    stop: () => workflows.stop(),
  };
}
