import {
  type Cache,
  type Clock,
  ConfigurationError,
  MemoryCache,
  type RateLimiter,
  systemClock,
} from "@contexten/core";
import { createResilientFetch, platformRateLimiter } from "@contexten/core/adapter";
import { Octokit } from "@octokit/core";
import { type RefreshingAppAuth, refreshingAppAuthStrategy } from "./github-app-auth";
import type { GitHubClientOptions } from "./github-client-options";
import { type GitHubIntegrationConfig, resolveGitHubConfig } from "./github-config";
import { githubRateLimitProfile } from "./github-rate-limits";
import { classifyGitHubResponse, resolveGitHubRequest } from "./github-request-rules";

/** Default of {@link GitHubClientOptions.tokenRefreshMarginMs}: five minutes. */
export const DEFAULT_TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** Everything a client is built from. */
export interface GitHubClientParts {
  /** Resolved configuration. */
  config: GitHubIntegrationConfig;
  /** The Octokit instance; every request it sends goes through the resilient fetch. */
  octokit: Octokit;
  /** The rate limiter in use. */
  limiter: RateLimiter;
  /** The cache in use, if any. */
  cache: Cache | undefined;
  /** The clock in use. */
  clock: Clock;
  /** `app` when authenticating as a GitHub App installation, else `token`. */
  authKind: "token" | "app";
  /** The App strategy, when `authKind` is `app`. */
  appAuth: RefreshingAppAuth | undefined;
}

/**
 * Builds Octokit on core's outbound pipeline: `request.fetch` is a resilient fetch with
 * GitHub's rate-limit profile (resource from the route: core, search, code search,
 * GraphQL; writes and content creation cost more secondary-limit points), the ETag cache,
 * the retry policy and instrumentation. Octokit itself has no retry or throttling plugin,
 * so nothing is done twice.
 */
export function createOctokit(options: GitHubClientOptions): GitHubClientParts {
  const {
    limiter: givenLimiter,
    cache: givenCache,
    retryPolicy,
    instrumentation,
    eventBus,
    clock = systemClock,
    random,
    maxRateLimitWaitMs,
    fetch,
    userAgent,
    env,
    tokenRefreshMarginMs = DEFAULT_TOKEN_REFRESH_MARGIN_MS,
    defaultRepository: _defaultRepository,
    ...configInput
  } = options;
  const config = resolveGitHubConfig(configInput, env);
  const limiter = platformRateLimiter({
    profile: githubRateLimitProfile(config),
    limiter: givenLimiter,
    clock,
    instrumentation,
    eventBus,
  });
  const cache =
    givenCache === false
      ? undefined
      : (givenCache ??
        new MemoryCache({ config: { ttlSeconds: { github: config.cacheTtlSeconds } }, clock }));
  const resilientFetch = createResilientFetch({
    platform: "github",
    limiter,
    cache,
    retryPolicy: retryPolicy ?? {
      maxAttempts: config.retryAttempts,
      baseDelayMs: Math.round(config.retryBackoffSeconds * 1000),
    },
    classify: classifyGitHubResponse,
    resolveRequest: resolveGitHubRequest,
    instrumentation,
    eventBus,
    clock,
    random,
    maxRateLimitWaitMs,
    timeoutMs: config.timeoutSeconds * 1000,
    ...(fetch ? { fetch } : {}),
  });
  const common = {
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    request: { fetch: resilientFetch },
    ...(userAgent ? { userAgent } : {}),
    // Octokit logs 4xx/5xx warnings itself; contexten reports through Instrumentation.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  };

  if (config.appId !== undefined) {
    if (!config.privateKey || config.installationId === undefined) {
      throw new ConfigurationError({
        platform: "github",
        message:
          "GitHub App authentication needs appId, privateKey and installationId: set GITHUB_PRIVATE_KEY and GITHUB_INSTALLATION_ID or pass privateKey and installationId.",
      });
    }
    const octokit = new Octokit({
      ...common,
      authStrategy: refreshingAppAuthStrategy,
      auth: {
        appId: config.appId,
        privateKey: config.privateKey,
        installationId: config.installationId,
        clock,
        refreshMarginMs: tokenRefreshMarginMs,
      },
    });
    const appAuth = octokit.auth as unknown as RefreshingAppAuth;
    return { config, octokit, limiter, cache, clock, authKind: "app", appAuth };
  }
  if (!config.token) {
    throw new ConfigurationError({
      platform: "github",
      message:
        "No GitHub credentials: set GITHUB_TOKEN or pass token, or authenticate as a GitHub App with appId, privateKey and installationId.",
    });
  }
  const octokit = new Octokit({ ...common, auth: config.token });
  return { config, octokit, limiter, cache, clock, authKind: "token", appAuth: undefined };
}
