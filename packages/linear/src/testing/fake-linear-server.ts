import type { Clock } from "@contexten/core";
import {
  type FakeBehaviour,
  type FakePlatformServer,
  type RecordedRequest,
  startFakePlatformServer,
} from "@contexten/core/testing";
import { FakeGraphqlError } from "./fake-graphql-error";
import { FAKE_LINEAR_OPERATIONS } from "./fake-linear-operations";
import { DEFAULT_FAKE_SEED, type FakeLinearSeed } from "./fake-linear-seed";
import { FakeLinearWorkspace } from "./fake-linear-workspace";
import { type LinearRateLimitOptions, linearRateLimit } from "./linear-rate-limit";

/** The API key the fake accepts unless told otherwise. */
export const FAKE_LINEAR_API_KEY = "lin_api_contexten_fake_key";

/** Options of {@link startFakeLinearServer} and {@link mountFakeLinear}. */
export interface FakeLinearServerOptions {
  /** Initial workspace; default {@link DEFAULT_FAKE_SEED} (teams ENG and OPS, labels, a user). */
  seed?: FakeLinearSeed | undefined;
  /** The accepted API key (also as `Bearer <key>`); `false` accepts any. Default {@link FAKE_LINEAR_API_KEY}. */
  apiKey?: string | false | undefined;
  /**
   * Linear's two leaky buckets with their `X-RateLimit-*` / `X-Complexity` headers and
   * `RATELIMITED` answers ({@link linearRateLimit}); default Linear's documented limits,
   * `false` for none.
   */
  rateLimit?: LinearRateLimitOptions | false | undefined;
  /** Clock for timestamps and rate-limit windows; default the system clock (fake-timer friendly). */
  clock?: Clock | undefined;
  /** GraphQL path; default `/graphql`. */
  path?: string | undefined;
}

/** Linear's GraphQL API on a fake platform server. */
export interface FakeLinearApi {
  /** Base URL of the server, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The GraphQL endpoint to pass as `apiUrl`. */
  readonly apiUrl: string;
  /** The workspace: seed it before calls and inspect it after. */
  readonly state: FakeLinearWorkspace;
  /** Every request received, with its GraphQL operation and the status sent. */
  readonly requests: readonly RecordedRequest[];
  /** Operation names received, in order (`viewer`, `issue`, `createIssue` …). */
  readonly operations: string[];
  /** Rate-limited answers sent so far. */
  readonly refused: number;
  /** The underlying server: script faults with `server.fail(...)`, add behaviours, routes. */
  readonly server: FakePlatformServer;
}

/** A running fake Linear server. */
export interface FakeLinearServer extends FakeLinearApi {
  /** Stops the server. */
  close(): Promise<void>;
}

function authentication(apiKey: string): FakeBehaviour {
  const accepted = new Set([apiKey, `Bearer ${apiKey}`]);
  return (request, next) => {
    if (accepted.has(request.headers.authorization ?? "")) return next(request);
    return new FakeGraphqlError(
      "Authentication required, not authenticated",
      {
        code: "AUTHENTICATION_ERROR",
        type: "authentication error",
        userError: true,
        userPresentableMessage: "You need to authenticate to access this operation.",
      },
      400,
    ).toResponse(request.graphql?.operationName);
  };
}

/**
 * Installs Linear's GraphQL API on an existing fake platform server (for example the one
 * of `startFakeTimeHarness`, to run the client under fake time): the operations
 * `@linear/sdk` 98 sends for viewer, teams, workflow states, labels, users, issues
 * (get, list with `IssueFilter`, full-text search, branch search, create, update),
 * attachments and comments, answered from a {@link FakeLinearWorkspace}.
 */
export function mountFakeLinear(
  server: FakePlatformServer,
  options: FakeLinearServerOptions = {},
): FakeLinearApi {
  const path = options.path ?? "/graphql";
  const state = new FakeLinearWorkspace({
    clock: options.clock ?? server.clock,
    seed: options.seed ?? DEFAULT_FAKE_SEED,
  });
  const apiKey = options.apiKey ?? FAKE_LINEAR_API_KEY;
  if (apiKey !== false) server.use(authentication(apiKey));
  const rateLimit = options.rateLimit === false ? undefined : linearRateLimit(options.rateLimit);
  if (rateLimit) server.use(rateLimit);
  for (const [name, operation] of Object.entries(FAKE_LINEAR_OPERATIONS)) {
    server.graphql(
      name,
      (request) => {
        try {
          return { json: { data: operation(request.graphql?.variables ?? {}, state) } };
        } catch (error) {
          if (error instanceof FakeGraphqlError) return error.toResponse(name);
          throw error;
        }
      },
      { path },
    );
  }
  return {
    url: server.url,
    apiUrl: `${server.url}${path}`,
    state,
    server,
    get requests() {
      return server.requests;
    },
    get operations() {
      return server.requests.flatMap((request) => request.graphql?.operationName ?? []);
    },
    get refused() {
      return rateLimit?.refused ?? 0;
    },
  };
}

/**
 * Starts a fake Linear GraphQL API on 127.0.0.1 (a free port), built on core's fake
 * platform server kit: real HTTP for the real `@linear/sdk`, Linear's rate-limit headers
 * and `RATELIMITED` errors, `Entity not found` for unknown ids, and a seedable workspace.
 *
 * @example
 * const linear = await startFakeLinearServer();
 * linear.state.addIssue({ team: "ENG", title: "Login fails on Safari", labels: ["Bug"] });
 * const client = createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl });
 * await client.sdk.issue("ENG-1");
 * await linear.close();
 */
export async function startFakeLinearServer(
  options: FakeLinearServerOptions = {},
): Promise<FakeLinearServer> {
  const server = await startFakePlatformServer({
    name: "fake Linear",
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const api = mountFakeLinear(server, options);
  return Object.assign(api, { close: () => server.close() });
}
