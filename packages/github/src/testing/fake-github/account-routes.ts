import { randomBytes } from "node:crypto";
import type { FakeResponse } from "@contexten/core/testing";
import { authenticated, type FakeGitHubRouteContext } from "./fake-github-context";
import { isoSeconds } from "./fake-github-json";
import { notFound } from "./fake-github-responses";

const JWT_ONLY: FakeResponse = {
  status: 401,
  json: { message: "A JSON web token could not be decoded" },
};

/** `GET /user`, `GET /rate_limit` and the App endpoints (`/app`, installations, access tokens). */
export function registerAccountRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json } = context;

  server.route(
    "GET",
    "/user",
    authenticated(state, (_request, caller) => {
      if (caller.kind !== "token") {
        return { status: 403, json: { message: "Resource not accessible by integration" } };
      }
      return {
        json: json.user(state.viewer.login, state.viewer.id, state.viewer.type),
        headers: { "x-oauth-scopes": "repo, workflow" },
      };
    }),
  );

  server.route(
    "GET",
    "/rate_limit",
    authenticated(state, () => {
      const now = state.clock.now();
      const resources: Record<string, unknown> = {};
      const windows = context.rateLimits?.windows();
      for (const name of ["core", "search", "graphql", "code_search"]) {
        const { limit, windowMs } = context.rateLimits?.limitOf(name) ?? {
          limit: 5_000,
          windowMs: 3_600_000,
        };
        const window = windows?.get(name);
        const used = window?.used ?? 0;
        resources[name] = {
          limit,
          used,
          remaining: Math.max(0, limit - used),
          reset: Math.ceil((window?.resetAt ?? now + windowMs) / 1000),
        };
      }
      return { json: { resources, rate: resources.core } };
    }),
  );

  server.route(
    "GET",
    "/app",
    authenticated(state, (_request, caller) => {
      if (caller.kind !== "app" || !state.app) return JWT_ONLY;
      return {
        json: {
          id: state.app.id,
          slug: state.app.slug,
          name: state.app.slug,
          owner: json.user("acme"),
        },
      };
    }),
  );

  server.route(
    "GET",
    "/app/installations/:id",
    authenticated(state, (request, caller) => {
      if (caller.kind !== "app" || !state.app) return JWT_ONLY;
      const installation = state.app.installations.get(Number(request.params.id));
      if (!installation) return notFound();
      return {
        json: {
          id: installation.id,
          app_id: state.app.id,
          app_slug: state.app.slug,
          target_type: "Organization",
          account: json.user(installation.account),
          permissions: installation.permissions,
          repository_selection: "all",
          events: ["pull_request", "push", "issues"],
        },
      };
    }),
  );

  server.route(
    "POST",
    "/app/installations/:id/access_tokens",
    authenticated(state, (request, caller) => {
      if (caller.kind !== "app" || !state.app) return JWT_ONLY;
      const installation = state.app.installations.get(Number(request.params.id));
      if (!installation) return notFound();
      const issuedAt = state.clock.now();
      const token = {
        token: `ghs_${randomBytes(18).toString("base64url")}`,
        installationId: installation.id,
        issuedAt,
        expiresAt: issuedAt + state.app.tokenLifetimeMs,
      };
      state.installationTokens.set(token.token, token);
      return {
        status: 201,
        json: {
          token: token.token,
          expires_at: isoSeconds(token.expiresAt),
          permissions: installation.permissions,
          repository_selection: "all",
        },
      };
    }),
  );
}
