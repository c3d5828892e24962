import { normalizeHeaders, parseGraphqlOperation, readJsonBody } from "@contexten/core/adapter";
import type { LinearSdk } from "@linear/sdk";
import { type LinearGraphqlBody, toLinearApiError } from "./linear-api-error";

/**
 * The request function `LinearSdk` is built on: it receives the SDK's generated GraphQL
 * document (a string) and variables, and resolves to the response's `data`.
 */
export type LinearRequest = ConstructorParameters<typeof LinearSdk>[0];

/** Options of {@link createLinearRequest}. */
export interface LinearRequestOptions {
  /** GraphQL endpoint, e.g. `https://api.linear.app/graphql`. */
  apiUrl: string;
  /** The `Authorization` header value. */
  authorization: string;
  /** The fetch to send with: core's resilient fetch in {@link createLinearClient}. */
  fetch: typeof globalThis.fetch;
  /** The `User-Agent` header value. */
  userAgent?: string | undefined;
}

/**
 * Builds the request function handed to `new LinearSdk(request)`: it POSTs
 * `{ query, variables }` as the SDK's own client does, through the given fetch (so every
 * call is paced, retried and instrumented), returns `data`, and turns GraphQL errors into
 * contexten errors (see `toLinearApiError`).
 */
export function createLinearRequest(options: LinearRequestOptions): LinearRequest {
  const headers = {
    "content-type": "application/json",
    authorization: options.authorization,
    "user-agent": options.userAgent ?? "contexten-linear",
  };
  return async <Response, Variables extends Record<string, unknown>>(
    document: string,
    variables?: Variables,
  ): Promise<Response> => {
    const response = await options.fetch(options.apiUrl, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document, variables }),
    });
    const text = await response.text();
    const parsed = readJsonBody(text);
    const body =
      parsed !== null && typeof parsed === "object" ? (parsed as LinearGraphqlBody) : undefined;
    if (response.ok && body?.data && !(body.errors && body.errors.length > 0)) {
      return body.data as Response;
    }
    throw toLinearApiError({
      url: options.apiUrl,
      operation: parseGraphqlOperation(document).name ?? "anonymous",
      status: response.status,
      headers: normalizeHeaders(response.headers),
      body: body ?? text,
      query: document,
      variables,
    });
  };
}

/** The `Authorization` value for a Linear credential: OAuth tokens as `Bearer`, API keys as is. */
export function authorizationFor(credential: string): string {
  if (/^bearer\s/i.test(credential)) return credential;
  return credential.startsWith("lin_oauth_") ? `Bearer ${credential}` : credential;
}
