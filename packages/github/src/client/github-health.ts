import { type AuthenticationResult, ContextenError, type HealthStatus } from "@contexten/core";
import { checkPlatformHealth, type HealthProbeResult } from "@contexten/core/adapter";
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

/** `GET /rate_limit` (free on GitHub): every resource's budget as GitHub counts it. */
async function readGitHubBudgets(client: GitHubClient): Promise<HealthProbeResult> {
  const { resources } = await client.data("GET /rate_limit");
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
  return {
    rateLimits,
    ...(low
      ? {
          degraded: `Only ${core.remaining} of ${core.limit} core requests left until ${core.resetAt?.toISOString()}; requests are being paced.`,
        }
      : {}),
  };
}

/**
 * `GitHubClient.getHealthStatus`, through core's `checkPlatformHealth`: GitHub's own
 * budgets (`GET /rate_limit`), `degraded` below 10% of the core budget, and never a wait
 * for budget (while the limiter has none for `core` the probe is skipped).
 */
export function gitHubHealthStatus(
  client: GitHubClient,
  parts: GitHubClientParts,
): Promise<HealthStatus> {
  return checkPlatformHealth({
    platform: "github",
    name: "GitHub",
    probe: () => readGitHubBudgets(client),
    limiter: parts.limiter,
    resource: "core",
    details: { baseUrl: parts.config.baseUrl, auth: parts.authKind },
    clock: parts.clock,
  });
}
