import type { FakePlatformServer, FakeRequest, FakeResponse } from "@contexten/core/testing";
import { type FakeGitHubCaller, identifyCaller, isRefusal } from "./fake-github-auth";
import type { FakeGitHubJson } from "./fake-github-json";
import type { FakeGitHubRepository } from "./fake-github-model";
import type { FakeGitHubRateLimits } from "./fake-github-rate-limits";
import { notFound } from "./fake-github-responses";
import type { FakeGitHubState } from "./fake-github-state";

/** What the fake's route modules share. */
export interface FakeGitHubRouteContext {
  /** The server to add routes to. */
  server: FakePlatformServer;
  /** The state routes read and change. */
  state: FakeGitHubState;
  /** JSON builders. */
  json: FakeGitHubJson;
  /** The fake's API base URL. */
  apiUrl: string;
  /** The rate limits, when on. */
  rateLimits: FakeGitHubRateLimits | undefined;
}

/** A route handler that runs only for an authenticated caller. */
export type AuthenticatedHandler = (
  request: FakeRequest,
  caller: FakeGitHubCaller,
) => FakeResponse | Promise<FakeResponse>;

/** Wraps a handler with the fake's authentication (401 for missing or bad credentials). */
export function authenticated(state: FakeGitHubState, handler: AuthenticatedHandler) {
  return (request: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    const caller = identifyCaller(state, request);
    return isRefusal(caller) ? caller : handler(request, caller);
  };
}

/** A handler for `/repos/:owner/:repo/…`: 404 when the repository was not seeded. */
export type RepositoryHandler = (
  request: FakeRequest,
  repository: FakeGitHubRepository,
  caller: FakeGitHubCaller,
) => FakeResponse | Promise<FakeResponse>;

/** Wraps a repository route with authentication and the repository lookup. */
export function inRepository(state: FakeGitHubState, handler: RepositoryHandler) {
  return authenticated(state, (request, caller) => {
    const repository = state.repository(`${request.params.owner}/${request.params.repo}`);
    if (caller.kind === "app") {
      return { status: 403, json: { message: "Resource not accessible by integration" } };
    }
    if (!repository) return notFound();
    return handler(request, repository, caller);
  });
}
