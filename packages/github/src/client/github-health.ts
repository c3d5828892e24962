import {
  ApiCallError,
  type AuthenticationResult,
  ContextenError,
  type HealthStatus,
  healthStatusSchema,
} from "@contexten/core";
import type { GitHubClientParts } from "./create-octokit";
import type { GitHubClient } from "./github-client";

/** Below this share of the core budget the client reports `degraded`. */
const DEGRADED_SHARE = 0.1;

function describe(error: unknown): string {
  if (ContextenError.isInstance(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** `GitHubClient.authenticate`: `GET /user`, or the App installation and a token for it. */
export async function authenticateGitHub(
  client: GitHubClient,
  parts: GitHubClientParts,
): Promise<AuthenticationResult> {
  try {
    if (parts.authKind === "app") {
      const installationId = parts.config.installationId!;
      const installation = await client.data(
        "GET /app/installations/{installation_id}",
        { installation_id: installationId },
        { entity: "installation", id: String(installationId) },
      );
      await parts.appAuth!({ type: "installation" });
      const account =
        installation.account && "login" in installation.account
          ? installation.account.login
          : installation.account?.slug;
      return {
        authenticated: true,
        identity: `${installation.app_slug} (installation ${installation.id}${account ? ` on ${account}` : ""})`,
        scopes: Object.entries(installation.permissions ?? {}).map(
          ([name, level]) => `${name}:${level}`,
        ),
      };
    }
    const response = await client.request("GET /user");
    const scopes = response.headers["x-oauth-scopes"];
    return {
      authenticated: true,
      identity: response.data.login,
      ...(typeof scopes === "string" && scopes.trim()
        ? { scopes: scopes.split(",").map((scope) => scope.trim()) }
        : {}),
    };
  } catch (error) {
    return { authenticated: false, message: describe(error) };
  }
}

/** `GitHubClient.getHealthStatus`: `GET /rate_limit` (free on GitHub) and its budgets. */
export async function gitHubHealthStatus(
  client: GitHubClient,
  parts: GitHubClientParts,
): Promise<HealthStatus> {
  const startedAt = parts.clock.now();
  const checkedAt = new Date(startedAt);
  try {
    const { resources } = await client.data("GET /rate_limit");
    const latencyMs = Math.max(0, parts.clock.now() - startedAt);
    const rateLimits: HealthStatus["rateLimits"] = {};
    for (const [name, budget] of Object.entries(resources)) {
      if (!budget) continue;
      rateLimits[name] = {
        remaining: budget.remaining,
        limit: budget.limit,
        resetAt: new Date(budget.reset * 1000),
      };
    }
    const core = rateLimits.core;
    const low = core !== undefined && core.remaining < core.limit * DEGRADED_SHARE;
    const local = await parts.limiter.getRemaining("github", "core");
    return healthStatusSchema.parse({
      platform: "github",
      status: low ? "degraded" : "healthy",
      checkedAt,
      latencyMs,
      ...(low
        ? {
            message: `Only ${core.remaining} of ${core.limit} core requests left until ${core.resetAt?.toISOString()}; requests are being paced.`,
          }
        : {}),
      rateLimits,
      details: {
        baseUrl: parts.config.baseUrl,
        auth: parts.authKind,
        limiter: {
          remaining: local.remaining,
          resetAt: local.resetAt,
          blockedUntil: local.blockedUntil,
        },
      },
    });
  } catch (error) {
    return healthStatusSchema.parse({
      platform: "github",
      status: "unhealthy",
      checkedAt,
      latencyMs: Math.max(0, parts.clock.now() - startedAt),
      message: `GitHub is not reachable with these settings: ${describe(error)}`,
      details: {
        baseUrl: parts.config.baseUrl,
        auth: parts.authKind,
        ...(ApiCallError.isInstance(error) && error.status !== undefined
          ? { status: error.status }
          : {}),
      },
    });
  }
}
