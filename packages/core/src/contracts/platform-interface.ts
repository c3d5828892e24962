import type { HealthStatus } from "../models/health-status";

/** Result of {@link PlatformInterface.authenticate}. */
export interface AuthenticationResult {
  /** Whether the credentials were accepted. */
  authenticated: boolean;
  /** Who we are on the platform (login, bot user id, viewer name), when known. */
  identity?: string;
  /** Granted scopes, when the platform reports them. */
  scopes?: string[];
  /** Why authentication failed. */
  message?: string;
}

/**
 * What every platform client offers. Webhook
 * handling lives in a {@link WebhookSource} plugged into core's webhook handler.
 */
export interface PlatformInterface {
  /** Platform id, e.g. `github`. */
  readonly platform: string;
  /** Checks the configured credentials with one cheap call. Never throws for bad credentials. */
  authenticate(): Promise<AuthenticationResult>;
  /** Reports reachability, latency and remaining rate-limit budget. */
  getHealthStatus(): Promise<HealthStatus>;
}
