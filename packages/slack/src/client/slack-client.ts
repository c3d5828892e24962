import {
  ApiCallError,
  type AuthenticationResult,
  type Clock,
  ConfigurationError,
  type HealthStatus,
  type PlatformInterface,
  type RateLimiter,
  systemClock,
} from "@contexten/core";
import {
  checkPlatformHealth,
  createResilientFetch,
  platformRateLimiter,
} from "@contexten/core/adapter";
import {
  type AuthTestResponse,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  type ChatUpdateArguments,
  type ChatUpdateResponse,
  type ConversationsHistoryArguments,
  type ConversationsHistoryResponse,
  LogLevel,
  type ViewsOpenArguments,
  type ViewsOpenResponse,
  type ViewsPushArguments,
  type ViewsPushResponse,
  type ViewsUpdateArguments,
  type ViewsUpdateResponse,
  type WebAPICallResult,
  WebClient,
} from "@slack/web-api";
import type { ResponseUrlMessage } from "./response-url-message";
import { toSlackApiError } from "./slack-api-error";
import type { SlackClientOptions } from "./slack-client-options";
import { resolveSlackConfig, type SlackIntegrationConfig } from "./slack-config";
import { slackRateLimitProfile } from "./slack-rate-limits";
import { classifySlackResponse, resolveSlackRequest } from "./slack-request-rules";

/** Auth errors: `authenticate()` reports them instead of throwing. */
const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "no_permission",
]);

/**
 * The Slack Web API client: the real
 * `@slack/web-api` `WebClient`, with every request sent through core's resilient fetch,
 * so calls are paced per method tier and per channel (one message a second per channel: a
 * busy channel never slows another), retried on 429 after `Retry-After` and on transient
 * failures, and reported to `Instrumentation`. The SDK's own retries and queue pausing are
 * turned off so that this happens exactly once.
 *
 * Errors are core errors: an `ok: false` answer is `ApiCallError` with Slack's code in
 * `platformCode`; exhausted rate limits are `RateLimitError`.
 */
export class SlackClient implements PlatformInterface {
  /** Platform id. */
  readonly platform = "slack";
  /** The validated configuration. */
  readonly config: SlackIntegrationConfig;
  /** The rate limiter pacing this client's requests. */
  readonly limiter: RateLimiter;
  /** The fetch every Web API request goes through: paced, retried and instrumented. */
  readonly fetch: typeof globalThis.fetch;
  readonly #clock: Clock;
  readonly #respondFetch: typeof globalThis.fetch;
  #web: WebClient | undefined;

  constructor(options: SlackClientOptions = {}) {
    const { env, instrumentation, limiter, cache, clock, eventBus, retryPolicy, random, tiers } =
      options;
    // The schema strips everything that is not configuration (limiter, fetch, …).
    this.config = resolveSlackConfig(options, env);
    // The SDK appends the method name, so the base must end with a slash.
    if (!this.config.slackApiUrl.endsWith("/")) {
      this.config = { ...this.config, slackApiUrl: `${this.config.slackApiUrl}/` };
    }
    this.#clock = clock ?? systemClock;
    this.limiter = platformRateLimiter({
      profile: slackRateLimitProfile(this.config, { tiers }),
      limiter,
      clock,
      instrumentation,
      eventBus,
    });
    const policy = {
      platform: "slack",
      fetch: options.fetch,
      cache,
      instrumentation,
      eventBus,
      clock,
      random,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs,
      retryPolicy: retryPolicy ?? { maxAttempts: this.config.retryAttempts },
      timeoutMs: this.config.timeoutSeconds * 1000,
      classify: classifySlackResponse,
    };
    this.fetch = createResilientFetch({
      ...policy,
      limiter: this.limiter,
      resolveRequest: resolveSlackRequest,
    });
    // A response_url is a per-interaction capability (5 uses in 30 minutes), not a Web API
    // method: it is not paced against the app's budget, only retried and instrumented.
    this.#respondFetch = createResilientFetch({
      ...policy,
      resolveRequest: () => ({
        resource: "response_url",
        kind: "write",
        idempotent: false,
        cacheKey: false,
        endpoint: "response_url",
      }),
    });
  }

  /**
   * The underlying `WebClient`, created on first use. Its requests go through
   * {@link SlackClient.fetch}; calls made on it directly throw the SDK's own errors, so
   * prefer {@link SlackClient.call} or {@link SlackClient.request}.
   */
  get web(): WebClient {
    if (!this.#web) {
      if (!this.config.botToken) {
        throw new ConfigurationError({
          platform: "slack",
          message:
            "A Slack bot token is needed for Web API calls: set SLACK_BOT_TOKEN or pass botToken",
        });
      }
      this.#web = new WebClient(this.config.botToken, {
        slackApiUrl: this.config.slackApiUrl,
        fetch: this.fetch,
        // Retries and rate limits are handled once, by core, per channel and method.
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        // Core's limiter paces requests; the SDK's queue must not hold them back too.
        maxRequestConcurrency: Number.POSITIVE_INFINITY,
        // Failures reach the caller as core errors; the SDK need not log them too.
        logLevel: LogLevel.ERROR,
      });
    }
    return this.#web;
  }

  /** Calls any Web API method by name; errors become core errors. */
  call<Result extends WebAPICallResult = WebAPICallResult & Record<string, unknown>>(
    method: string,
    args: Record<string, unknown> = {},
  ): Promise<Result> {
    return this.request(method, (web) => web.apiCall(method, args) as Promise<Result>);
  }

  /**
   * Runs a typed SDK call, e.g. `client.request("users.info", (web) => web.users.info({ user }))`,
   * converting the SDK's errors into core errors.
   */
  async request<Result>(method: string, run: (web: WebClient) => Promise<Result>): Promise<Result> {
    try {
      return await run(this.web);
    } catch (error) {
      throw toSlackApiError(error, method, `${this.config.slackApiUrl}${method}`);
    }
  }

  /** `chat.postMessage`, paced at one message a second per channel. */
  postMessage(args: ChatPostMessageArguments): Promise<ChatPostMessageResponse> {
    return this.request("chat.postMessage", (web) => web.chat.postMessage(args));
  }

  /** `chat.update`. */
  updateMessage(args: ChatUpdateArguments): Promise<ChatUpdateResponse> {
    return this.request("chat.update", (web) => web.chat.update(args));
  }

  /** `conversations.history`. */
  history(args: ConversationsHistoryArguments): Promise<ConversationsHistoryResponse> {
    return this.request("conversations.history", (web) => web.conversations.history(args));
  }

  /** `views.open`: opens a modal for a `trigger_id` (valid for 3 seconds). */
  openView(args: ViewsOpenArguments): Promise<ViewsOpenResponse> {
    return this.request("views.open", (web) => web.views.open(args));
  }

  /** `views.update`. */
  updateView(args: ViewsUpdateArguments): Promise<ViewsUpdateResponse> {
    return this.request("views.update", (web) => web.views.update(args));
  }

  /** `views.push`. */
  pushView(args: ViewsPushArguments): Promise<ViewsPushResponse> {
    return this.request("views.push", (web) => web.views.push(args));
  }

  /**
   * Posts a message to an interaction's `response_url` (slash commands, buttons): usable
   * up to five times within 30 minutes. Retried and instrumented like API calls, but not
   * paced against the app's budget (each URL has its own limit).
   * Throws `ApiCallError` when Slack refuses it (`expired_url`, `used_url`, …).
   */
  async respond(responseUrl: string, message: ResponseUrlMessage): Promise<void> {
    const response = await this.#respondFetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(message),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Slack answers `ok` or an error word in plain text.
    }
    const refused =
      typeof body === "object" && body !== null && (body as { ok?: unknown }).ok === false;
    if (response.ok && !refused) return;
    const platformCode =
      typeof body === "object" && body !== null
        ? String((body as { error?: unknown }).error ?? "")
        : text.trim();
    throw new ApiCallError({
      platform: "slack",
      method: "POST",
      url: redactResponseUrl(responseUrl),
      status: response.status,
      body,
      platformCode: platformCode || undefined,
      isRetryable: false,
      message: `Slack refused the response_url message (${response.status}${platformCode ? `: ${platformCode}` : ""}); a response_url works 5 times within 30 minutes`,
    });
  }

  /**
   * Checks the bot token with `auth.test`. Bad or revoked credentials give
   * `{ authenticated: false, message }`; other failures (network, 5xx) throw.
   */
  async authenticate(): Promise<AuthenticationResult> {
    try {
      const result = await this.request<AuthTestResponse>("auth.test", (web) => web.auth.test());
      return {
        authenticated: true,
        identity: result.user_id ?? result.user,
        scopes: result.response_metadata?.scopes,
      };
    } catch (error) {
      if (ApiCallError.isInstance(error) && AUTH_ERRORS.has(error.platformCode ?? "")) {
        return { authenticated: false, message: error.message };
      }
      if (ConfigurationError.isInstance(error)) {
        return { authenticated: false, message: error.message };
      }
      throw error;
    }
  }

  /**
   * Reachability, latency (`auth.test`) and the remaining app-wide budget (core's
   * `checkPlatformHealth`). Never throws: failures are reported as `unhealthy`.
   */
  getHealthStatus(): Promise<HealthStatus> {
    return checkPlatformHealth({
      platform: "slack",
      name: "Slack",
      probe: () => this.authenticate(),
      limiter: this.limiter,
      resource: "auth.test",
      clock: this.#clock,
    });
  }
}

/** Creates a {@link SlackClient}. */
export function createSlackClient(options: SlackClientOptions = {}): SlackClient {
  return new SlackClient(options);
}

/** `response_url`s are bearer capabilities: keep only their origin in errors. */
function redactResponseUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return "response_url";
  }
}
