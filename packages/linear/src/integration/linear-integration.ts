import type { EventBus } from "@contexten/core";
import { type IntegrationDefaults, PlatformIntegration } from "@contexten/core/adapter";
import { LinearClient } from "../client/linear-client";
import type { LinearClientOptions } from "../client/linear-client-options";
import { LinearIssueTracker } from "../issues/linear-issue-tracker";
import {
  type LinearWebhookSource,
  type LinearWebhooksOptions,
  linearWebhooks,
} from "../webhooks/linear-webhook-source";

/** Options of {@link createLinearIntegration}: the client's, the webhook source's, and the issue tracker's team. */
export interface LinearIntegrationOptions
  extends LinearClientOptions,
    Omit<LinearWebhooksOptions, "clock" | "env"> {
  /** Team key, name or id the issue tracker creates issues in when none is given. */
  defaultTeam?: string | undefined;
  /** Receives handler failures (`error`) of the webhook handlers it creates. */
  bus?: EventBus | undefined;
  /** Logs failures nobody else listens to; default `console`. */
  logger?: Pick<Console, "error"> | undefined;
}

/**
 * Everything Linear in one object: the GraphQL client, Linear as an `IssueTracker`, and
 * the webhook source with core's webhook handler around it. Each part is created on
 * first use, so a service that only receives webhooks needs no API key, and one that
 * only calls the API needs no webhook secret.
 *
 * @example
 * const linear = createLinearIntegration({ defaultTeam: "ENG" }); // LINEAR_API_KEY, LINEAR_WEBHOOK_SECRET
 * const handler = linear.createWebhookHandler({ store, onEvent: (event) => engine.processStoredEvent(event) });
 * await linear.issueTracker.createIssue({ title: "Flaky deploy" });
 */
export class LinearIntegration extends PlatformIntegration<LinearWebhookSource, LinearClient> {
  /** Platform id. */
  readonly platform = "linear";
  readonly #options: LinearIntegrationOptions;
  #client: LinearClient | undefined;
  #issueTracker: LinearIssueTracker | undefined;
  #webhooks: LinearWebhookSource | undefined;

  constructor(options: LinearIntegrationOptions = {}) {
    super();
    this.#options = options;
  }

  /** The GraphQL client (created on first use; it needs `apiKey` or `LINEAR_API_KEY`). */
  get client(): LinearClient {
    this.#client ??= new LinearClient(this.#options);
    return this.#client;
  }

  /** Linear as an `IssueTracker`, on {@link LinearIntegration.client}. */
  get issueTracker(): LinearIssueTracker {
    this.#issueTracker ??= new LinearIssueTracker({
      client: this.client,
      defaultTeam: this.#options.defaultTeam,
    });
    return this.#issueTracker;
  }

  /**
   * The webhook source (created on first use; it needs `secret`, `secrets` or
   * `LINEAR_WEBHOOK_SECRET`).
   */
  get webhooks(): LinearWebhookSource {
    const options = this.#options;
    this.#webhooks ??= linearWebhooks({
      secret: options.secret,
      secrets: options.secrets,
      toleranceMs: options.toleranceMs,
      teams: options.teams,
      githubHosts: options.githubHosts,
      clock: options.clock,
      env: options.env,
    });
    return this.#webhooks;
  }

  protected get integrationDefaults(): IntegrationDefaults {
    return this.#options;
  }
}

/** Creates a {@link LinearIntegration}. */
export function createLinearIntegration(options: LinearIntegrationOptions = {}): LinearIntegration {
  return new LinearIntegration(options);
}
