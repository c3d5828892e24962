import {
  type CorrelatedEvent,
  CorrelationEngine,
  type CorrelationResult,
  createWebhookHandler,
  type EventBus,
  type EventStore,
  type Instrumentation,
  MemoryEventStore,
  type ProcessingResult,
  type WebhookHandler,
} from "@contexten/core";
import { type IntegrationDefaults, PlatformIntegration } from "@contexten/core/adapter";
import { createGitHubClient, GitHubClient } from "../client/github-client";
import type { GitHubClientOptions } from "../client/github-client-options";
import {
  type GitHubWebhookSource,
  type GitHubWebhooksOptions,
  githubWebhooks,
} from "../webhooks/github-webhook-source";

/** Options of {@link GitHubIntegration}: the webhook source's, plus storage, correlation and the client. */
export interface GitHubIntegrationOptions extends GitHubWebhooksOptions {
  /** Where events and delivery ids are stored; default a new `MemoryEventStore`. */
  store?: EventStore | undefined;
  /** Correlates each stored event; default a `CorrelationEngine` on `store` with the default rules. `false` turns correlation off. */
  engine?: CorrelationEngine | false | undefined;
  /** An existing webhook source to use (its secrets and handlers); default one built from these options. */
  webhooks?: GitHubWebhookSource | undefined;
  /**
   * The REST client, or its options: created on first use of
   * {@link GitHubIntegration.client} (default options: this `env` and `instrumentation`).
   */
  client?: GitHubClient | GitHubClientOptions | undefined;
  /** Receives `event`, `correlation` and `error`. */
  bus?: EventBus | undefined;
  /** Metrics hooks. */
  instrumentation?: Instrumentation | undefined;
  /** Logs errors nobody else listens to (default `console`). */
  logger?: Pick<Console, "error"> | undefined;
  /** Largest accepted body, bytes (default 5 MiB). */
  maxBodyBytes?: number | undefined;
}

/** What handling one stored event did. */
export interface GitHubEventOutcome {
  /** The event, with its `correlationId` when it was correlated. */
  event: CorrelatedEvent;
  /** What the correlation engine found, when one is used. */
  correlation?: CorrelationResult;
}

/**
 * Everything GitHub in one object, composed from the parts: the webhook source (verify,
 * parse, normalize), core's webhook handler (dedupe, store, ack, post-ack work), a
 * `CorrelationEngine`, the typed handler registry and, on first use, the REST client.
 *
 * After a delivery is stored and acknowledged, each event goes through
 * {@link GitHubIntegration.handleEvent}, which picks `handlePullRequestEvent`,
 * `handlePushEvent`, `handleWorkflowRunEvent` or `handleOtherEvent`; each correlates the
 * event, then runs the `on(…)` handlers with the correlated event. Subclasses may override
 * them.
 *
 * @example
 * const github = createGitHubIntegration({ secret: process.env.GITHUB_WEBHOOK_SECRET, store });
 * github.on("pull_request.closed", async ({ payload, event }) => { … });
 * http.createServer(toNodeListener(github.fetch)).listen(3000);
 */
export class GitHubIntegration extends PlatformIntegration<GitHubWebhookSource, GitHubClient> {
  /** Platform id. */
  readonly platform = "github";
  /** Events the integration's own handler stored, so correlation skips storing them again. */
  readonly #stored = new WeakSet<CorrelatedEvent>();
  /** The webhook source. */
  readonly webhooks: GitHubWebhookSource;
  /** The event store. */
  readonly store: EventStore;
  /** The correlation engine, unless turned off. */
  readonly engine: CorrelationEngine | undefined;
  /** Core's webhook handler around the source; `handler.drain()` waits for post-ack work. */
  readonly handler: WebhookHandler;
  /** Registers a typed handler; see `GitHubWebhookHandlers.on`. */
  readonly on: GitHubWebhookSource["on"];
  /** The HTTP endpoint, `(request: Request) => Promise<Response>` (bound). */
  readonly fetch: (request: Request) => Promise<Response>;

  readonly #options: GitHubIntegrationOptions;
  #client: GitHubClient | undefined;

  constructor(options: GitHubIntegrationOptions = {}) {
    super();
    this.#options = options;
    this.webhooks = options.webhooks ?? githubWebhooks(options);
    this.store = options.store ?? new MemoryEventStore();
    this.engine =
      options.engine === false
        ? undefined
        : (options.engine ??
          new CorrelationEngine({
            store: this.store,
            ...(options.bus ? { bus: options.bus } : {}),
            ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
            ...(options.logger ? { logger: options.logger } : {}),
          }));
    this.handler = createWebhookHandler({
      sources: [this.webhooks],
      store: this.store,
      onEvent: (event) => {
        // Stored by the handler just now: correlation need not append or read it again.
        this.#stored.add(event);
        return this.handleEvent(event);
      },
      ...(options.bus ? { bus: options.bus } : {}),
      ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    });
    this.on = this.webhooks.on;
    this.fetch = (request) => this.handler(request);
  }

  /**
   * Handles one request end to end and resolves once its
   * post-ack work (correlation, handlers) has finished, with what happened. An HTTP
   * endpoint should use {@link GitHubIntegration.fetch}, which answers first.
   */
  async processWebhook(request: Request): Promise<ProcessingResult> {
    const { result } = await this.handler.process(request);
    await this.handler.drain();
    return result;
  }

  /** Routes a stored event to the handling of its family. */
  handleEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    switch (event.type.split(".")[1]) {
      case "pull_request":
        return this.handlePullRequestEvent(event);
      case "push":
        return this.handlePushEvent(event);
      case "workflow_run":
        return this.handleWorkflowRunEvent(event);
      default:
        return this.handleOtherEvent(event);
    }
  }

  /** `pull_request` events: links to Linear issues, branches, CI runs and Slack threads. */
  handlePullRequestEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    return this.correlateAndDispatch(event);
  }

  /** `push` events: links to the pull request of the branch and the issues in its name. */
  handlePushEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    return this.correlateAndDispatch(event);
  }

  /** `workflow_run` events: links the run to its pull request by head sha. */
  handleWorkflowRunEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    return this.correlateAndDispatch(event);
  }

  /** Every other event. */
  handleOtherEvent(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    return this.correlateAndDispatch(event);
  }

  /** Correlates (when an engine is set), then runs the handlers with the correlated event. */
  protected async correlateAndDispatch(event: CorrelatedEvent): Promise<GitHubEventOutcome> {
    const correlation = !this.engine
      ? undefined
      : this.#stored.has(event)
        ? await this.engine.processStoredEvent(event)
        : await this.engine.processEvent(event);
    const stored = correlation?.event ?? event;
    await this.webhooks.dispatch(stored);
    return correlation ? { event: stored, correlation } : { event: stored };
  }

  /** The REST client (created on first use from the `client` option). */
  get client(): GitHubClient {
    const given = this.#options.client;
    this.#client ??=
      given instanceof GitHubClient
        ? given
        : createGitHubClient({
            env: this.#options.env,
            instrumentation: this.#options.instrumentation,
            ...given,
          });
    return this.#client;
  }

  protected get integrationDefaults(): IntegrationDefaults {
    return this.#options;
  }
}

/** Creates a {@link GitHubIntegration}. */
export function createGitHubIntegration(options: GitHubIntegrationOptions = {}): GitHubIntegration {
  return new GitHubIntegration(options);
}
