import type { Clock } from "@contexten/core";
import { createAppAuth } from "@octokit/auth-app";
import type {
  EndpointOptions,
  OctokitResponse,
  RequestInterface,
  RequestParameters,
  Route,
} from "@octokit/types";
import { nodeAppJwtSigner } from "./sign-app-jwt";

/** Credentials of a GitHub App installation. */
export interface GitHubAppCredentials {
  /** The app's id. */
  appId: string | number;
  /** The app's private key (PEM, PKCS#1 or PKCS#8). */
  privateKey: string;
  /** The installation to act as. */
  installationId: number;
}

/** What Octokit hands an `authStrategy`, plus our options (passed as Octokit's `auth`). */
export interface RefreshingAppAuthInput extends GitHubAppCredentials {
  /** Octokit's own `request`, so token requests go through the same fetch and base URL. */
  request: RequestInterface;
  /** Octokit's logger. */
  log?: { warn: (message: string) => unknown } | undefined;
  /** Time source for expiry checks. */
  clock: Clock;
  /** Refresh this long before `expires_at`. */
  refreshMarginMs: number;
}

/** What the strategy's `auth()` returns for an installation. */
export interface InstallationToken {
  /** The token (`ghs_…`). */
  token: string;
  /** When GitHub says it expires, epoch ms. */
  expiresAt: number;
}

/** An Octokit auth strategy: `auth()` and the request hook. */
export interface RefreshingAppAuth {
  /** Octokit's `octokit.auth(options)`; `{ type: "installation" }` returns a fresh token. */
  (options?: { type?: string; refresh?: boolean }): Promise<unknown>;
  /** Adds the right credentials to every request. */
  hook(
    request: RequestInterface,
    route: Route | EndpointOptions,
    parameters?: RequestParameters,
  ): Promise<OctokitResponse<unknown>>;
  /** The installation token currently in use, if one was fetched. */
  current(): InstallationToken | undefined;
}

/**
 * Routes authenticated with the app's JWT (or OAuth app credentials), never with an
 * installation token: `/app/…`, `/app-manifests/…`, `/…/installation` lookups,
 * `/marketplace_listing/…`, `/applications/…` and the OAuth endpoints.
 */
const APP_ROUTE =
  /^\/(?:app(?:\/|$)|app-manifests\/|marketplace_listing\/|applications\/|login\/oauth\/|(?:repos\/[^/]+\/[^/]+|orgs\/[^/]+|users\/[^/]+|enterprises\/[^/]+)\/installation$)/;

/** True when a request path (template or concrete, without the base URL) uses app credentials. */
export function isAppAuthenticatedPath(path: string): boolean {
  return APP_ROUTE.test(path.split("?")[0]!);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * GitHub App authentication on `@octokit/auth-app`, with the one thing it lacks: its
 * token cache keeps installation tokens for 59 minutes whatever `expires_at` says, so a
 * token issued for less (GitHub Enterprise settings, or one issued late in its hour) would
 * be sent after it expired. This strategy reads `expires_at` and asks auth-app for a new
 * token `refreshMarginMs` before it (or halfway through a token's life when that is
 * shorter), and once more when GitHub answers 401 to an installation token.
 *
 * Use as Octokit's `authStrategy`, with {@link GitHubAppCredentials}, `clock` and
 * `refreshMarginMs` as `auth`.
 */
export function refreshingAppAuthStrategy(input: RefreshingAppAuthInput): RefreshingAppAuth {
  // On Node the JWT is signed synchronously (see nodeAppJwtSigner); elsewhere auth-app
  // signs it with Web Crypto.
  const createJwt = nodeAppJwtSigner(input.privateKey, () => input.clock.now());
  const appAuth = createAppAuth({
    appId: input.appId,
    ...(createJwt ? { createJwt } : { privateKey: input.privateKey }),
    installationId: input.installationId,
    request: input.request,
    ...(input.log ? { log: input.log } : {}),
  });
  const { clock } = input;
  let current: (InstallationToken & { obtainedAt: number }) | undefined;
  let refreshing: Promise<InstallationToken> | undefined;

  const isFresh = (token: NonNullable<typeof current>) => {
    const margin = Math.min(input.refreshMarginMs, (token.expiresAt - token.obtainedAt) / 2);
    return token.expiresAt - margin > clock.now();
  };

  const obtain = (force: boolean): Promise<InstallationToken> => {
    refreshing ??= (async () => {
      const authentication = await appAuth({ type: "installation", refresh: force });
      current = {
        token: authentication.token,
        expiresAt: Date.parse(authentication.expiresAt),
        obtainedAt: clock.now(),
      };
      return current;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const freshToken = async (): Promise<InstallationToken> => {
    if (current && isFresh(current)) return current;
    // auth-app would hand back its cached token; force a new one once ours is near expiry.
    return obtain(current !== undefined);
  };

  const auth = (async (options: { type?: string; refresh?: boolean } = {}) => {
    if (options.type === "installation") {
      return options.refresh ? obtain(true) : freshToken();
    }
    return appAuth(options as Parameters<typeof appAuth>[0]);
  }) as RefreshingAppAuth;

  auth.hook = async (request, route, parameters) => {
    const endpoint = request.endpoint.merge(route as string, parameters);
    const path = (endpoint.url ?? "").replace(request.endpoint.DEFAULTS.baseUrl, "");
    if (isAppAuthenticatedPath(path)) return appAuth.hook(request, route, parameters);
    await freshToken();
    try {
      return await appAuth.hook(request, route, parameters);
    } catch (error) {
      // A 401 to an installation token: it was revoked or expired early. One new token.
      if (statusOf(error) !== 401) throw error;
      await obtain(true);
      return appAuth.hook(request, route, parameters);
    }
  };
  auth.current = () =>
    current ? { token: current.token, expiresAt: current.expiresAt } : undefined;
  return auth;
}
