import type { Clock } from "../../clock/clock";

/** A GraphQL request's document, variables and first operation. */
export interface FakeGraphqlRequest {
  /** The document. */
  query: string;
  /** Variables, `{}` when none. */
  variables: Record<string, unknown>;
  /** `operationName` from the body, or the first operation's name. */
  operationName: string | undefined;
  /** `query`, `mutation` or `subscription`. */
  type: "query" | "mutation" | "subscription";
}

/** A request as handlers and behaviours see it, and as the server records it. */
export interface FakeRequest {
  /** Upper-case method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters; repeated names give arrays. */
  query: Record<string, string | string[]>;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** Body: parsed JSON, form fields as an object, text, or undefined when empty. */
  body: unknown;
  /** The raw body text. */
  rawBody: string;
  /** Set for GraphQL POSTs (a JSON body with a `query` string). */
  graphql: FakeGraphqlRequest | undefined;
  /** Path parameters of the matched route (`/repos/:owner/:repo` → `{ owner, repo }`). */
  params: Record<string, string>;
  /** Server clock time when the request arrived, epoch ms. */
  timestamp: number;
}

/** What a handler, behaviour or scripted fault answers. */
export interface FakeResponse {
  /** HTTP status; default 200. */
  status?: number;
  /** Response headers. */
  headers?: Record<string, string | number>;
  /** A JSON body (sets `content-type: application/json`). */
  json?: unknown;
  /** A raw body, when not `json`. */
  body?: string | Uint8Array;
  /** Wait this long on the server clock before answering, ms. */
  delayMs?: number;
  /** Reset the connection instead of answering (after reading the whole request). */
  reset?: boolean;
}

/** A request the server received, with how it answered. */
export interface RecordedRequest extends FakeRequest {
  /** Status sent; undefined when the connection was reset. */
  status: number | undefined;
  /** True when the server reset the connection. */
  reset: boolean;
}

/** Answers a request that matched a route. */
export type FakeRouteHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** What behaviours get besides the request. */
export interface FakeBehaviourContext {
  /** The server clock. */
  clock: Clock;
}

/**
 * Middleware around the routes: may answer itself (a rate limit, a 304) or call `next`
 * and adjust the response (headers that count down). Behaviours run in the order added.
 */
export type FakeBehaviour = (
  request: FakeRequest,
  next: (request: FakeRequest) => Promise<FakeResponse>,
  context: FakeBehaviourContext,
) => FakeResponse | Promise<FakeResponse>;

/** Which requests a scripted fault applies to. */
export interface FaultOptions {
  /** How many matching requests get the fault; default 1. */
  times?: number | undefined;
  /** Only this method. */
  method?: string | undefined;
  /** Only paths matching this pattern (`/repos/:owner/:repo`, `*` wildcard). */
  path?: string | undefined;
}
