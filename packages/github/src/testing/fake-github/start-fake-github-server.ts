import { createPublicKey, type KeyObject } from "node:crypto";
import { type Clock, systemClock } from "@contexten/core";
import {
  conditionalGet,
  type FakePlatformServer,
  type RecordedRequest,
  startFakePlatformServer,
} from "@contexten/core/testing";
import type { GitHubRateLimitOptions, GitHubRateLimitWindow } from "../github-rate-limit";
import { registerAccountRoutes } from "./account-routes";
import { registerActionsRoutes } from "./actions-routes";
import { registerCodeRoutes } from "./code-routes";
import { FakeGitHubJson } from "./fake-github-json";
import type { FakeGitHubInstallation } from "./fake-github-model";
import { type FakeSearchRateLimitOptions, fakeGitHubRateLimits } from "./fake-github-rate-limits";
import {
  type FakeSecondaryRateLimitOptions,
  type FakeSecondaryRefusals,
  fakeGitHubSecondaryLimits,
} from "./fake-github-secondary-limits";
import type { FakeRepositorySeed } from "./fake-github-seeds";
import { FakeGitHubState } from "./fake-github-state";
import { registerIssueRoutes } from "./issue-routes";
import { registerLabelAndReviewerRoutes } from "./label-and-reviewer-routes";
import { registerPullRequestRoutes } from "./pull-request-routes";
import { registerSearchRoutes } from "./search-routes";

/** The fake GitHub App: its id, public key and installations. */
export interface FakeGitHubAppOptions {
  /** App id. */
  appId: number;
  /** Public key (PEM or `KeyObject`) matching the private key the client signs JWTs with. */
  publicKey: string | KeyObject;
  /** App slug (default `contexten-test`). */
  slug?: string | undefined;
  /** Installations (default one, id 1, on `acme`). */
  installations?: (Partial<FakeGitHubInstallation> & { id: number })[] | undefined;
  /** Lifetime of issued installation tokens, ms (default one hour, as on GitHub). */
  tokenLifetimeMs?: number | undefined;
}

/** Options of {@link startFakeGitHubServer}. */
export interface FakeGitHubServerOptions {
  /** Clock for timestamps, token expiry, run delays and rate-limit windows (default system clock). */
  clock?: Clock | undefined;
  /** Repositories to seed. */
  repositories?: FakeRepositorySeed[] | undefined;
  /** The user behind personal tokens (default `octocat`). */
  viewer?: { login: string; id?: number } | undefined;
  /** Accepted personal tokens (default: any token). */
  tokens?: string[] | undefined;
  /** Enables App authentication. */
  app?: FakeGitHubAppOptions | undefined;
  /**
   * GitHub's primary rate limit for `core` and `graphql` (default 5,000 an hour); `false`
   * disables every rate limit.
   */
  rateLimit?: GitHubRateLimitOptions | false | undefined;
  /**
   * GitHub's secondary limits (900 REST points, 80 content creations a minute, 500 an
   * hour, in rolling windows): `true` for the documented numbers, or your own. Off by default.
   */
  secondaryRateLimit?: FakeSecondaryRateLimitOptions | boolean | undefined;
  /** The search API's own limits (default 30 a minute, code search 10). */
  searchRateLimit?: FakeSearchRateLimitOptions | undefined;
  /** ETags and 304s on GETs (default true). */
  etags?: boolean | undefined;
  /** Answer `return_run_details: true` with the run id, as github.com does (default false: 204, as GHES). */
  dispatchReturnsRunDetails?: boolean | undefined;
}

/** A running fake GitHub. */
export interface FakeGitHubServer {
  /** Base URL to pass as `baseUrl`. */
  readonly url: string;
  /** Seedable, inspectable state. */
  readonly state: FakeGitHubState;
  /** Every request received, with the status sent. */
  readonly requests: readonly RecordedRequest[];
  /** The underlying kit server: add routes, behaviours and scripted faults (`fail`). */
  readonly server: FakePlatformServer;
  /**
   * Every resource's rate-limit window (`core`, `search`, …), for assertions and for
   * simulating another consumer (`get("core").used += 95`); empty when disabled.
   */
  readonly rateLimitWindows: Map<string, GitHubRateLimitWindow>;
  /** Requests the secondary limits refused, by reason (all zero when they are off). */
  readonly secondaryRefusals: FakeSecondaryRefusals;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a fake GitHub REST API on 127.0.0.1, built on core's fake platform server kit,
 * that answers what `@octokit/core` and `@octokit/auth-app` really send: repositories,
 * pull requests (files, reviews), issues and comments, issue search, workflow dispatch and
 * runs, file contents at a ref, commits by path, check runs with annotations, `GET /user`, `GET /rate_limit`, and the App endpoints (JWTs verified against the
 * public key it was given; installation tokens expire). Responses carry `x-ratelimit-*` headers
 * counting down, ETags with 304s, and `Link` pagination.
 *
 * @example
 * const github = await startFakeGitHubServer({
 *   repositories: [{ fullName: "acme/api", labels: ["bug"], issues: [{ title: "Flaky deploy" }] }],
 * });
 * const client = createGitHubClient({ token: "test", baseUrl: github.url });
 * github.state.requireRepository("acme/api").issues.get(1);
 * await github.close();
 */
export async function startFakeGitHubServer(
  options: FakeGitHubServerOptions = {},
): Promise<FakeGitHubServer> {
  const clock = options.clock ?? systemClock;
  const server = await startFakePlatformServer({ clock, name: "fake GitHub" });
  const state = new FakeGitHubState(clock);
  if (options.viewer) {
    state.viewer = {
      login: options.viewer.login,
      id: options.viewer.id ?? state.nextId(),
      type: "User",
    };
  }
  if (options.tokens) state.tokens = new Set(options.tokens);
  state.dispatchReturnsRunDetails = options.dispatchReturnsRunDetails ?? false;
  if (options.app) {
    const { app } = options;
    state.app = {
      id: app.appId,
      slug: app.slug ?? "contexten-test",
      publicKey: typeof app.publicKey === "string" ? createPublicKey(app.publicKey) : app.publicKey,
      tokenLifetimeMs: app.tokenLifetimeMs ?? 3_600_000,
      installations: new Map(
        (app.installations ?? [{ id: 1 }]).map((installation) => [
          installation.id,
          {
            id: installation.id,
            account: installation.account ?? "acme",
            permissions: installation.permissions ?? { issues: "write", pull_requests: "write" },
          },
        ]),
      ),
    };
  }
  for (const repository of options.repositories ?? []) state.addRepository(repository);

  const secondary = options.secondaryRateLimit
    ? fakeGitHubSecondaryLimits(
        options.secondaryRateLimit === true ? {} : options.secondaryRateLimit,
      )
    : undefined;
  if (secondary) server.use(secondary);
  const rateLimits =
    options.rateLimit === false
      ? undefined
      : fakeGitHubRateLimits(options.rateLimit ?? {}, options.searchRateLimit ?? {});
  if (rateLimits) server.use(rateLimits.behaviour);
  if (options.etags !== false) server.use(conditionalGet());
  const context = {
    server,
    state,
    json: new FakeGitHubJson(server.url),
    apiUrl: server.url,
    rateLimits,
  };
  registerAccountRoutes(context);
  registerPullRequestRoutes(context);
  registerIssueRoutes(context);
  registerSearchRoutes(context);
  registerActionsRoutes(context);
  registerLabelAndReviewerRoutes(context);
  registerCodeRoutes(context);

  return {
    url: server.url,
    state,
    server,
    get requests() {
      return server.requests;
    },
    get rateLimitWindows() {
      return rateLimits?.windows() ?? new Map<string, GitHubRateLimitWindow>();
    },
    secondaryRefusals: secondary?.refused ?? { points: 0, contentMinute: 0, contentHour: 0 },
    close: () => server.close(),
  };
}
