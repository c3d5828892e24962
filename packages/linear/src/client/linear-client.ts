import {
  ApiCallError,
  type AuthenticationResult,
  type Cache,
  type Clock,
  ConfigurationError,
  type HealthStatus,
  MemoryCache,
  type PlatformInterface,
  type RateLimiter,
  systemClock,
} from "@contexten/core";
import {
  checkPlatformHealth,
  createResilientFetch,
  platformRateLimiter,
} from "@contexten/core/adapter";
import { LinearSdk } from "@linear/sdk";
import type { LinearClientOptions } from "./linear-client-options";
import { type LinearIntegrationConfig, resolveLinearConfig } from "./linear-config";
import {
  authorizationFor,
  createLinearRequest,
  type LinearRequest,
} from "./linear-graphql-request";
import { LINEAR_DEFAULT_COMPLEXITY_ESTIMATE, linearRateLimitProfile } from "./linear-rate-limits";
import { classifyLinearResponse, resolveLinearRequest } from "./linear-request-rules";

/** Every Linear GraphQL call is one rate-limit resource (two buckets: requests, complexity). */
export const LINEAR_GRAPHQL_RESOURCE = "graphql";

/**
 * A Linear API client: the real `@linear/sdk` (`client.sdk`, with every typed query,
 * mutation and model of the SDK) whose GraphQL requests all go through core's resilient
 * pipeline — the Linear rate-limit profile (requests and complexity budgets, corrected
 * from `X-RateLimit-*` and `X-Complexity`), `RATELIMITED` errors waited out as rate
 * limits, retries with backoff, timeouts and `Instrumentation`. Build it with
 * {@link createLinearClient}.
 */
export class LinearClient implements PlatformInterface {
  /** Platform id. */
  readonly platform = "linear";
  /** The resolved configuration. */
  readonly config: LinearIntegrationConfig;
  /** The typed Linear SDK; every call it makes is paced, retried and instrumented. */
  readonly sdk: LinearSdk;
  /** The raw request function, for documents the SDK does not generate. */
  readonly request: LinearRequest;
  /** The rate limiter requests wait on. */
  readonly limiter: RateLimiter;
  /** Cache for lookups (teams, states, labels, users). */
  readonly cache: Cache;
  /** Time source. */
  readonly clock: Clock;
  /** Complexity charged per request up front. */
  readonly #complexityEstimate: number;

  constructor(options: LinearClientOptions = {}) {
    const { env, ...input } = options;
    this.config = resolveLinearConfig(input, env);
    const apiKey = this.config.apiKey;
    if (!apiKey) {
      throw new ConfigurationError({
        platform: "linear",
        issues: [{ path: "apiKey", message: "Required" }],
        message:
          "Linear apiKey is missing: set LINEAR_API_KEY or pass apiKey (a personal API key or an OAuth access token).",
      });
    }
    assertSecureApiUrl(this.config.apiUrl);
    this.clock = options.clock ?? systemClock;
    this.limiter = platformRateLimiter({
      profile: linearRateLimitProfile(this.config),
      limiter: options.limiter,
      clock: this.clock,
      instrumentation: options.instrumentation,
      eventBus: options.eventBus,
    });
    this.cache =
      options.cache ??
      new MemoryCache({
        clock: this.clock,
        config: { ttlSeconds: { linear: this.config.cacheTtlSeconds } },
      });
    const complexityEstimate = options.complexityEstimate ?? LINEAR_DEFAULT_COMPLEXITY_ESTIMATE;
    this.#complexityEstimate = complexityEstimate;
    const resilientFetch = createResilientFetch({
      platform: "linear",
      fetch: options.fetch,
      limiter: this.limiter,
      classify: classifyLinearResponse,
      resolveRequest: (request) => resolveLinearRequest(request, { complexityEstimate }),
      retryPolicy: { maxAttempts: this.config.retryAttempts, ...options.retryPolicy },
      instrumentation: options.instrumentation,
      eventBus: options.eventBus,
      clock: this.clock,
      random: options.random,
      timeoutMs: this.config.timeoutSeconds * 1000,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    });
    this.request = createLinearRequest({
      apiUrl: this.config.apiUrl,
      authorization: authorizationFor(apiKey),
      fetch: resilientFetch,
    });
    this.sdk = new LinearSdk(this.request);
  }

  /**
   * Checks the credentials with the `viewer` query. Resolves `{ authenticated: false }`
   * when Linear rejects the key; network failures and outages still throw.
   */
  async authenticate(): Promise<AuthenticationResult> {
    try {
      const viewer = await this.sdk.viewer;
      return { authenticated: true, identity: viewer.email || viewer.name || viewer.id };
    } catch (error) {
      if (ApiCallError.isInstance(error) && isCredentialProblem(error)) {
        return { authenticated: false, message: error.message };
      }
      throw error;
    }
  }

  /**
   * Reports reachability, latency and the remaining request and complexity budgets
   * (`rateLimits.requests`, `rateLimits.complexity`) as the limiter knows them from
   * Linear's headers, probing with the `viewer` query (core's `checkPlatformHealth`). Never
   * waits for rate-limit budget: while a budget cannot serve a request (less than one
   * request or one complexity estimate left, or a pause Linear imposed) the probe is
   * skipped and the status is `degraded`.
   */
  getHealthStatus(): Promise<HealthStatus> {
    return checkPlatformHealth({
      platform: "linear",
      name: "Linear",
      probe: () => this.authenticate(),
      limiter: this.limiter,
      resource: LINEAR_GRAPHQL_RESOURCE,
      needed: { complexity: this.#complexityEstimate },
      details: { apiUrl: this.config.apiUrl },
      clock: this.clock,
    });
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The API key travels in a header: only HTTPS, or plain HTTP to this machine (a local fake). */
function assertSecureApiUrl(apiUrl: string): void {
  const { protocol, hostname } = new URL(apiUrl);
  if (protocol === "https:" || (protocol === "http:" && LOOPBACK_HOSTS.has(hostname))) return;
  throw new ConfigurationError({
    platform: "linear",
    issues: [{ path: "apiUrl", message: "must use https unless it points at localhost" }],
    message: `Linear apiUrl ${apiUrl} must use https (plain http is only allowed for localhost, 127.0.0.1 and [::1]): set LINEAR_API_URL or pass apiUrl.`,
  });
}

function isCredentialProblem(error: ApiCallError): boolean {
  return (
    error.status === 401 ||
    error.status === 403 ||
    error.platformCode === "AUTHENTICATION_ERROR" ||
    error.platformCode === "FORBIDDEN"
  );
}

/**
 * Creates a {@link LinearClient}. Options not passed come from the environment
 * (`LINEAR_API_KEY`, `LINEAR_API_URL`); `apiUrl` may point at a local fake server
 * (`http://127.0.0.1:<port>/graphql`).
 *
 * @example
 * const linear = createLinearClient({ apiKey: process.env.LINEAR_API_KEY });
 * const issue = await linear.sdk.issue("ENG-123");
 */
export function createLinearClient(options: LinearClientOptions = {}): LinearClient {
  return new LinearClient(options);
}
