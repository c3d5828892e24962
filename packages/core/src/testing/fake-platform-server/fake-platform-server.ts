import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Clock, sleep, systemClock } from "../../clock/clock";
import { realNow } from "./fake-time";
import { readRequest, writeResponse } from "./http-exchange";
import { compileRoutePattern, type RoutePattern } from "./route-pattern";
import type {
  FakeBehaviour,
  FakeRequest,
  FakeResponse,
  FakeRouteHandler,
  FaultOptions,
  RecordedRequest,
} from "./types";

/** Options of {@link startFakePlatformServer}. */
export interface FakePlatformServerOptions {
  /** Clock for timestamps, windows and latency; defaults to the system clock (fake-timer friendly). */
  clock?: Clock | undefined;
  /** Name used in error bodies, e.g. `github`. */
  name?: string | undefined;
}

/** A running fake platform: a real HTTP server on 127.0.0.1 with scripted routes. */
export interface FakePlatformServer {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  /** The server clock. */
  readonly clock: Clock;
  /** Every request received, in arrival order, with the status sent. */
  readonly requests: readonly RecordedRequest[];
  /** Adds a route; the first matching route answers. `method` may be `*`. */
  route(method: string, path: string, handler: FakeRouteHandler): FakePlatformServer;
  /** Answers GraphQL POSTs (to `path`, default `/graphql`) for one operation name. */
  graphql(
    operationName: string,
    handler: FakeRouteHandler,
    options?: { path?: string },
  ): FakePlatformServer;
  /** Adds a behaviour (rate limits, ETags, latency) around every route. */
  use(behaviour: FakeBehaviour): FakePlatformServer;
  /**
   * Scripts a fault for the next matching requests, ahead of behaviours and routes: a 5xx
   * burst, a 429 with `Retry-After`, a platform's own refusal (such as
   * `githubFaults.secondaryRateLimit` from `@contexten/github/testing`), latency
   * (`delayMs`) or a connection reset (`reset: true`).
   */
  fail(response: FakeResponse, options?: FaultOptions): FakePlatformServer;
  /**
   * Resolves, in real time, once `count` requests have arrived (they may still be waiting
   * on fake time for latency). Rejects after `timeoutMs` of real time (default 5 s).
   */
  waitForRequests(count: number, options?: { timeoutMs?: number }): Promise<void>;
  /** Recorded requests matching a method (`*` for any) and path pattern. */
  requestsTo(method: string, path: string): RecordedRequest[];
  /** Forgets recorded requests. */
  clearRequests(): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RoutePattern;
  operationName?: string;
  handler: FakeRouteHandler;
}

interface Fault {
  response: FakeResponse;
  remaining: number;
  method: string | undefined;
  pattern: RoutePattern | undefined;
}

/**
 * Starts a fake platform on 127.0.0.1 (a free port): real HTTP, so adapters are tested
 * with the real SDKs. Routes answer by method and path (`:param` segments) or by GraphQL
 * operation name; behaviours (`conditionalGet`, `latency` …, and a platform's rate limits
 * from its adapter's `testing` entry, such as `githubRateLimit` from
 * `@contexten/github/testing`) wrap them; `fail` scripts one-off faults; every request is
 * recorded for assertions. Time comes from `clock`, so tests with fake timers control
 * windows and latency.
 *
 * @example
 * const server = await startFakePlatformServer();
 * server.use(conditionalGet()).use(latency(50));
 * server.route("GET", "/repos/:owner/:repo", (request) => ({ json: { full_name: `${request.params.owner}/${request.params.repo}` } }));
 * server.fail({ status: 502 }, { times: 2 });
 */
export async function startFakePlatformServer(
  options: FakePlatformServerOptions = {},
): Promise<FakePlatformServer> {
  const clock = options.clock ?? systemClock;
  const name = options.name ?? "fake platform";
  const routes: Route[] = [];
  const behaviours: FakeBehaviour[] = [];
  const faults: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const route = async (request: FakeRequest): Promise<FakeResponse> => {
    for (const candidate of routes) {
      if (candidate.method !== "*" && candidate.method !== request.method) continue;
      const params = candidate.pattern.match(request.path);
      if (!params) continue;
      if (
        candidate.operationName !== undefined &&
        candidate.operationName !== request.graphql?.operationName
      ) {
        continue;
      }
      return candidate.handler({ ...request, params });
    }
    const operation = request.graphql
      ? ` (operation ${request.graphql.operationName ?? "anonymous"})`
      : "";
    return {
      status: 404,
      json: {
        message: `${name} has no fake route for ${request.method} ${request.path}${operation}`,
      },
    };
  };

  const run = (index: number, request: FakeRequest): Promise<FakeResponse> => {
    const behaviour = behaviours[index];
    if (!behaviour) return route(request);
    return Promise.resolve(behaviour(request, (next) => run(index + 1, next), { clock }));
  };

  const takeFault = (request: FakeRequest): FakeResponse | undefined => {
    const index = faults.findIndex(
      (fault) =>
        (fault.method === undefined || fault.method === request.method) &&
        (fault.pattern === undefined || fault.pattern.match(request.path) !== undefined),
    );
    if (index === -1) return undefined;
    const fault = faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault.response;
  };

  const server = createServer(async (message, res) => {
    let recorded: RecordedRequest | undefined;
    try {
      const request = await readRequest(message, clock);
      recorded = { ...request, status: undefined, reset: false };
      requests.push(recorded);
      const response = takeFault(request) ?? (await run(0, request));
      if (response.delayMs) await sleep(response.delayMs, { clock });
      if (response.reset) {
        recorded.reset = true;
        const socket = message.socket as Socket & { resetAndDestroy?: () => void };
        if (socket.resetAndDestroy) socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      recorded.status = response.status ?? 200;
      writeResponse(res, response);
    } catch (error) {
      if (recorded) recorded.status = 500;
      if (!res.headersSent) {
        writeResponse(res, {
          status: 500,
          json: {
            message: `${name} fake handler failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        });
      }
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakePlatformServer = {
    url: `http://127.0.0.1:${port}`,
    clock,
    requests,
    route(method, path, handler) {
      routes.push({ method: method.toUpperCase(), pattern: compileRoutePattern(path), handler });
      return fake;
    },
    graphql(operationName, handler, routeOptions = {}) {
      routes.push({
        method: "POST",
        pattern: compileRoutePattern(routeOptions.path ?? "/graphql"),
        operationName,
        handler,
      });
      return fake;
    },
    use(behaviour) {
      behaviours.push(behaviour);
      return fake;
    },
    fail(response, faultOptions = {}) {
      faults.push({
        response,
        remaining: faultOptions.times ?? 1,
        method: faultOptions.method?.toUpperCase(),
        pattern:
          faultOptions.path === undefined ? undefined : compileRoutePattern(faultOptions.path),
      });
      return fake;
    },
    async waitForRequests(count, waitOptions = {}) {
      const deadline = realNow() + (waitOptions.timeoutMs ?? 5_000);
      while (requests.length < count) {
        if (realNow() > deadline) {
          throw new Error(`${name}: waited for ${count} request(s), ${requests.length} arrived`);
        }
        await nextTurn();
      }
    },
    requestsTo(method, path) {
      const pattern = compileRoutePattern(path);
      const wanted = method.toUpperCase();
      return requests.filter(
        (request) =>
          (wanted === "*" || request.method === wanted) &&
          pattern.match(request.path) !== undefined,
      );
    },
    clearRequests() {
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
  return fake;
}
