import type { RateLimitBudget } from "@contexten/core";
import {
  epochHeaderMs,
  type HeaderRecord,
  numericHeader,
  type RateLimitProfile,
  type RateLimitReport,
} from "@contexten/core/adapter";
import type { LinearIntegrationConfig } from "./linear-config";

/** Linear's documented budgets per API key: 5,000 requests and 250,000 complexity points an hour. */
export const LINEAR_DOCUMENTED_LIMITS = {
  /** Requests an hour, refilled continuously. */
  requests: { limit: 5_000, windowSeconds: 3_600 },
  /** Complexity points an hour, refilled continuously. */
  complexity: { limit: 250_000, windowSeconds: 3_600 },
  /** Largest complexity of a single query. */
  maxQueryComplexity: 10_000,
} as const;

/** Complexity charged up front for a query whose cost is not known; settled from `X-Complexity`. */
export const LINEAR_DEFAULT_COMPLEXITY_ESTIMATE = 100;

function report(
  headers: HeaderRecord,
  bucket: string,
  prefix: string,
  actualCost?: number,
): RateLimitReport | undefined {
  const remaining = numericHeader(headers, `${prefix}-remaining`);
  const limit = numericHeader(headers, `${prefix}-limit`);
  const resetAt = epochHeaderMs(headers, `${prefix}-reset`);
  if (remaining === undefined && actualCost === undefined) return undefined;
  return {
    bucket,
    ...(remaining === undefined ? {} : { remaining }),
    ...(limit === undefined ? {} : { limit }),
    ...(resetAt === undefined ? {} : { resetAt }),
    ...(actualCost === undefined ? {} : { actualCost }),
  };
}

/**
 * Linear's rate-limit rules: every request takes one unit of `requests` and its
 * complexity from `complexity`, both leaky buckets refilled continuously (the config's
 * `rateLimitRequests` and `rateLimitComplexity` per `rateLimitWindowSeconds`). The
 * `X-RateLimit-Requests-*` and `X-RateLimit-Complexity-*` headers correct both, and
 * `X-Complexity` settles the estimate a request was charged.
 */
export function linearRateLimitProfile(
  config: Partial<
    Pick<
      LinearIntegrationConfig,
      "rateLimitRequests" | "rateLimitComplexity" | "rateLimitWindowSeconds"
    >
  > = {},
): RateLimitProfile {
  const windowSeconds = config.rateLimitWindowSeconds ?? 3_600;
  const budgets: Record<string, RateLimitBudget> = {
    requests: { limit: config.rateLimitRequests ?? 4_500, windowSeconds, refill: "continuous" },
    complexity: {
      limit: config.rateLimitComplexity ?? 225_000,
      windowSeconds,
      refill: "continuous",
    },
  };
  return {
    platform: "linear",
    budget: (bucket) => budgets[bucket],
    charges: (_resource, { cost }) => [
      { bucket: "requests", cost: 1 },
      { bucket: "complexity", cost },
    ],
    readHeaders(_resource, headers) {
      const reports = [
        report(headers, "requests", "x-ratelimit-requests"),
        report(
          headers,
          "complexity",
          "x-ratelimit-complexity",
          numericHeader(headers, "x-complexity"),
        ),
      ];
      return reports.filter((entry): entry is RateLimitReport => entry !== undefined);
    },
  };
}
