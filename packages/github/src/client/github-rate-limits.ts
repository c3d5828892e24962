import type { RateLimitBudget } from "@contexten/core";
import {
  epochHeaderMs,
  numericHeader,
  type ProfileCharge,
  type RateLimitProfile,
  type RateLimitReport,
} from "@contexten/core/adapter";
import type { GitHubIntegrationConfig } from "./github-config";

/**
 * GitHub's documented REST and GraphQL limits for an authenticated user or app
 * installation (docs.github.com, "Rate limits for the REST API" and "… for the GraphQL API").
 */
export const GITHUB_DOCUMENTED_LIMITS = {
  /** Primary REST limit: 5,000 requests an hour. */
  core: { limit: 5_000, windowSeconds: 3_600 },
  /** Search API: 30 requests a minute. */
  search: { limit: 30, windowSeconds: 60 },
  /** Code search: 10 requests a minute. */
  codeSearch: { limit: 10, windowSeconds: 60 },
  /** GraphQL: 5,000 points an hour. */
  graphql: { limit: 5_000, windowSeconds: 3_600 },
  /** Secondary limit, REST: 900 points a minute (GET 1 point; POST/PATCH/PUT/DELETE 5). */
  secondaryRest: { limit: 900, windowSeconds: 60 },
  /** Secondary limit, GraphQL: 2,000 points a minute (query 1 point; mutation 5). */
  secondaryGraphql: { limit: 2_000, windowSeconds: 60 },
  /** Content creation: 80 requests a minute … */
  contentPerMinute: { limit: 80, windowSeconds: 60 },
  /** … and 500 an hour. */
  contentPerHour: { limit: 500, windowSeconds: 3_600 },
  /** At most 100 concurrent requests. */
  concurrency: 100,
} as const;

/** Share of each documented limit the presets use, e.g. 4,500 of core's 5,000, leaving headroom for other clients of the token. */
export const GITHUB_HEADROOM = 0.9;

/** Secondary-limit points of a request: reads 1, mutations 5. */
export function githubSecondaryPoints(kind: "read" | "write" | "create"): number {
  return kind === "read" ? 1 : 5;
}

function windowBudget(limit: number, windowSeconds: number): RateLimitBudget {
  return { limit, windowSeconds, refill: "window" };
}

function withHeadroom(documented: { limit: number; windowSeconds: number }): RateLimitBudget {
  return windowBudget(Math.floor(documented.limit * GITHUB_HEADROOM), documented.windowSeconds);
}

/**
 * GitHub's rate-limit rules. Resources are GitHub's own names (`core`, `search`,
 * `code_search`, `graphql`, as in `x-ratelimit-resource`); every request also draws
 * secondary-limit points, and `create` requests the content-creation budgets. `core` uses
 * the config's `rateLimitRequests` per `rateLimitWindowSeconds` (4,500 an hour by default);
 * the other budgets keep the same 10% headroom below GitHub's documented numbers.
 */
export function githubRateLimitProfile(
  config: Partial<
    Pick<GitHubIntegrationConfig, "rateLimitRequests" | "rateLimitWindowSeconds">
  > = {},
): RateLimitProfile {
  const limits = GITHUB_DOCUMENTED_LIMITS;
  const core = windowBudget(
    config.rateLimitRequests ?? 4_500,
    config.rateLimitWindowSeconds ?? 3_600,
  );
  const budgets: Record<string, RateLimitBudget> = {
    core,
    search: withHeadroom(limits.search),
    code_search: withHeadroom(limits.codeSearch),
    graphql: withHeadroom(limits.graphql),
    "secondary-rest": withHeadroom(limits.secondaryRest),
    "secondary-graphql": withHeadroom(limits.secondaryGraphql),
    "content-minute": withHeadroom(limits.contentPerMinute),
    "content-hour": withHeadroom(limits.contentPerHour),
  };
  const secondaryOf = (resource: string) =>
    resource === "graphql" ? "secondary-graphql" : "secondary-rest";
  return {
    platform: "github",
    maxConcurrent: limits.concurrency,
    // Resources GitHub adds later (e.g. `integration_manifest`) get their own core-sized bucket.
    budget: (bucket) => budgets[bucket] ?? core,
    charges(resource, { cost, kind }) {
      const charges: ProfileCharge[] = [
        { bucket: resource, cost },
        { bucket: secondaryOf(resource), cost: githubSecondaryPoints(kind) },
      ];
      if (kind === "create") {
        charges.push({ bucket: "content-minute", cost: 1 }, { bucket: "content-hour", cost: 1 });
      }
      return charges;
    },
    readHeaders(resource, headers): RateLimitReport[] {
      const limit = numericHeader(headers, "x-ratelimit-limit");
      const used = numericHeader(headers, "x-ratelimit-used");
      let remaining = numericHeader(headers, "x-ratelimit-remaining");
      if (remaining === undefined && limit !== undefined && used !== undefined) {
        remaining = limit - used;
      }
      if (remaining === undefined) return [];
      const bucket = headers["x-ratelimit-resource"] ?? resource;
      const resetAt = epochHeaderMs(headers, "x-ratelimit-reset");
      return [
        {
          bucket,
          remaining,
          ...(limit === undefined ? {} : { limit }),
          ...(resetAt === undefined ? {} : { resetAt }),
        },
      ];
    },
    // GitHub sends Retry-After with secondary limits, which apply to the whole account.
    pausedBy: (resource) => [secondaryOf(resource)],
  };
}
