import type { Server } from "node:http";
import { analysisWorkflowActions } from "@contexten/analysis";
import {
  type ApiConfigStore,
  type ApiToken,
  createContextenApi,
  type LiveTransport,
} from "@contexten/api";
import {
  type CorrelatedEvent,
  CorrelationEngine,
  createEventBus,
  createWebhookHandler,
  type EventBus,
  type Instrumentation,
  type NodeListener,
  toNodeListener,
  type WebhookHandler,
  type WebhookSource,
  type WorkflowRuntime,
} from "@contexten/core";
import { reportError } from "@contexten/core/adapter";
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
  createSlackNotifier,
  InteractiveWorkflowManager,
  type SlackClient,
  slackWebhooks,
  slackWorkflowActions,
  type WorkflowSessionStore,
} from "@contexten/slack";
import type { PostgresStore } from "@contexten/storage-postgres";
import { createWorkflowEngine, type WorkflowEngine } from "@contexten/workflows";
import { pullRequestAnalysisWorkflow } from "./analysis-workflow";
import { createServiceNotifications, type ServiceNotificationsOptions } from "./notifications";
import {
  mountObservability,
  OBSERVABILITY_PATHS,
  withMetricsInstrumentation,
} from "./observability-routes";
import {
  GITHUB_ACTIONS_DISPATCH_WORKFLOW,
  linkedPullRequestWorkflow,
  serviceWorkflowActions,
} from "./pull-request-workflows";

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
  /** Notification routing (rules, people, email); PR notifications go through it. */
  notifications?: ServiceNotificationsOptions;
  /**
   * The REST and GraphQL API (`@contexten/api`): bearer tokens with scopes, and for several
   * instances a shared live transport (subscriptions) and config store (rules created at
   * run time).
   */
  api: {
    tokens: readonly ApiToken[];
    live?: LiveTransport | undefined;
    config?: ApiConfigStore | undefined;
  };
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
  /**
   * Analyse pull requests on `opened` / `synchronize` (check run, one updated comment,
   * Slack summary, Linear issues for severe findings). Off unless set.
   */
  analysis?: { enabled: boolean } | undefined;
}

/** The running service. */
export interface ContextenService {
  /** Fetch-style entry point with every route. */
  fetch(request: Request): Promise<Response>;
  /** The same for `node:http` (streams Server-Sent Events subscriptions). */
  listener: NodeListener;
  /** Serves GraphQL subscriptions over WebSocket on a Node server (`/graphql`). */
  attachWebSocket(server: Server): void;
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
 * notification, Linear attachment, thread status on merge), and `@contexten/api` (REST
 * under `/api/v1`, GraphQL at `/graphql`, bearer tokens). See the README for routes.
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
      ...(options.analysis?.enabled
        ? analysisWorkflowActions({
            client: options.github.client,
            tracker: linearTracker,
            notifier: createSlackNotifier({ client: options.slack.client }),
          })
        : []),
    ],
    definitions: [
      linkedPullRequestWorkflow(options.slack.channel),
      GITHUB_ACTIONS_DISPATCH_WORKFLOW,
      ...(options.analysis?.enabled ? [pullRequestAnalysisWorkflow(options.slack.channel)] : []),
    ],
  });

  const notifications = options.notifications
    ? createServiceNotifications(options.notifications, {
        slack: options.slack.client,
        github: options.github.client,
        linear: options.linear.client,
        workflows,
        events: store,
      })
    : undefined;

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
    if (notifications) {
      // Read back after correlation: the correlation group threads follow-ups.
      const correlated = (await store.get(event.id)) ?? event;
      await notifications.dispatch(correlated).catch((error: unknown) =>
        reportError(sinks, {
          phase: "notifications",
          error,
          platform: event.platform,
          eventId: event.id,
        }),
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

  const api = createContextenApi({
    store,
    engine,
    workflows,
    bus,
    integrations: {
      github: { webhook: webhooks.github, client: options.github.client },
      slack: { webhook: webhooks.slack, client: options.slack.client },
      linear: { webhook: webhooks.linear, client: options.linear.client },
    },
    auth: { tokens: options.api.tokens },
    ...(options.api.live ? { live: options.api.live } : {}),
    ...(options.api.config ? { config: options.api.config } : {}),
    onError: (error) => reportError(sinks, { phase: "http", error }),
  });
  const fetch = mountObservability(
    { ...options, store, engine, workflows, bus, webhooks },
    api.fetch,
  );
  // The API's own listener streams its answers (subscriptions); the page and the metrics
  // go through core's, which streams their Server-Sent Events too.
  const observabilityListener = toNodeListener(fetch);
  const listener: NodeListener = (request, response) => {
    const path = request.url ?? "/";
    const observed =
      path.startsWith(OBSERVABILITY_PATHS.metrics) || path.startsWith(OBSERVABILITY_PATHS.lineage);
    return observed ? observabilityListener(request, response) : api.listener(request, response);
  };

  return {
    fetch,
    listener,
    attachWebSocket: (server) => {
      api.attachWebSocket(server);
    },
    engine,
    bus,
    githubSource,
    workflows,
    modals,
    async start() {
      await api.start();
      await workflows.start();
    },
    async drain() {
      // Post-ack work can start workflow runs, and runs append events: repeat until the
      // webhook handlers and the workflow runtime are both idle.
      do {
        await Promise.all(Object.values(webhooks).map((handler) => handler.drain()));
        await workflows.idle();
      } while (Object.values(webhooks).some((handler) => handler.pending > 0));
      await modals.drain();
    },
    async stop() {
      await api.close();
      await workflows.stop();
    },
  };
}
