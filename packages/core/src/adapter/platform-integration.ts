import type { Instrumentation } from "../contracts/instrumentation";
import type { AuthenticationResult, PlatformInterface } from "../contracts/platform-interface";
import type { WebhookSource } from "../contracts/webhook-source";
import type { EventBus } from "../events/event-bus";
import type { HealthStatus } from "../models/health-status";
import { createWebhookHandler, type WebhookHandler } from "../webhooks/create-webhook-handler";
import type { WebhookHandlerOptions } from "../webhooks/webhook-handler-options";

/** What a platform integration passes on to the webhook handlers it creates. */
export interface IntegrationDefaults {
  /** Receives the handler's hooks unless the caller passes its own. */
  instrumentation?: Instrumentation | undefined;
  /** Receives the handler's events unless the caller passes its own. */
  bus?: EventBus | undefined;
  /** Logs what nobody else listens to unless the caller passes its own. */
  logger?: Pick<Console, "error"> | undefined;
}

/**
 * The shape every adapter's all-in-one object has (`GitHubIntegration`,
 * `SlackIntegration`, `LinearIntegration`): the platform's client, its webhook source,
 * core's webhook handler around that source, and the client's `authenticate` and
 * `getHealthStatus`. An adapter extends it with its own parts.
 */
export abstract class PlatformIntegration<
  Source extends WebhookSource<unknown>,
  Client extends PlatformInterface,
> implements PlatformInterface
{
  /** Platform id. */
  abstract readonly platform: string;
  /** The platform's API client. */
  abstract readonly client: Client;
  /** The platform's webhook source. */
  abstract readonly webhooks: Source;
  /** What the webhook handlers this integration creates use unless told otherwise. */
  protected abstract readonly integrationDefaults: IntegrationDefaults;

  /**
   * Core's webhook handler around {@link PlatformIntegration.webhooks}: your options, with
   * the integration's `instrumentation`, `bus` and `logger` wherever you leave one out (an
   * option passed as `undefined` falls back too).
   */
  createWebhookHandler(options: Omit<WebhookHandlerOptions, "sources">): WebhookHandler {
    const defaults = this.integrationDefaults;
    return createWebhookHandler({
      ...options,
      instrumentation: options.instrumentation ?? defaults.instrumentation,
      bus: options.bus ?? defaults.bus,
      logger: options.logger ?? defaults.logger,
      sources: this.webhooks,
    });
  }

  /** Checks the client's credentials with the platform. */
  authenticate(): Promise<AuthenticationResult> {
    return this.client.authenticate();
  }

  /** The platform's reachability, latency and rate-limit budget, through the client. */
  getHealthStatus(): Promise<HealthStatus> {
    return this.client.getHealthStatus();
  }
}
