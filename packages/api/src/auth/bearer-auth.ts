import { createHash, timingSafeEqual } from "node:crypto";
import { ConfigurationError } from "@contexten/core";

/**
 * What a token may do: `read` (GET routes, queries, subscriptions), `write` (trigger and
 * cancel workflows), `admin` (correlation rules, integration settings). `admin` implies
 * `write`, and `write` implies `read`.
 */
export type ApiScope = "read" | "write" | "admin";

/** One accepted bearer token. List several to rotate: add the new one, then drop the old. */
export interface ApiToken {
  /** The secret sent as `Authorization: Bearer <token>`; at least 16 characters. */
  token: string;
  /** What the token may do. */
  scopes: readonly ApiScope[];
  /** A label for logs and `onError` (never the token itself), e.g. `dashboard`. */
  name?: string | undefined;
}

/** Bearer-token authentication for the REST and GraphQL routes (webhooks keep their platform signatures). */
export interface ApiAuthOptions {
  /** Accepted tokens; at least one. */
  tokens: readonly ApiToken[];
}

/** Who is calling: the token's label and its scopes, expanded. */
export interface ApiCaller {
  /** The token's `name`, or `token-<index>`. */
  name: string;
  /** Scopes, with implied ones added. */
  scopes: ReadonlySet<ApiScope>;
}

const IMPLIED: Record<ApiScope, readonly ApiScope[]> = {
  read: ["read"],
  write: ["write", "read"],
  admin: ["admin", "write", "read"],
};

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Checks bearer tokens in constant time: every configured token is compared on every call. */
export interface BearerAuthenticator {
  /** The caller for an `Authorization` header value, or undefined when it matches no token. */
  authenticate(header: string | null | undefined): ApiCaller | undefined;
}

/** Validates the options and builds the authenticator. */
export function createBearerAuthenticator(options: ApiAuthOptions): BearerAuthenticator {
  if (!options || !Array.isArray(options.tokens) || options.tokens.length === 0) {
    throw new ConfigurationError({
      message:
        "createContextenApi needs auth.tokens: pass at least one { token, scopes } (e.g. from CONTEXTEN_API_TOKEN).",
    });
  }
  const entries = options.tokens.map((entry, index) => {
    if (typeof entry.token !== "string" || entry.token.length < 16) {
      throw new ConfigurationError({
        message: `auth.tokens[${index}].token must be a string of at least 16 characters; generate one with \`openssl rand -hex 32\`.`,
      });
    }
    const scopes = new Set<ApiScope>();
    for (const scope of entry.scopes as readonly string[]) {
      if (!Object.hasOwn(IMPLIED, scope)) {
        throw new ConfigurationError({
          message: `auth.tokens[${index}].scopes has ${JSON.stringify(scope)}; use "read", "write" or "admin".`,
        });
      }
      for (const implied of IMPLIED[scope as ApiScope]) scopes.add(implied);
    }
    return {
      digest: digest(entry.token),
      caller: { name: entry.name ?? `token-${index}`, scopes },
    };
  });

  return {
    authenticate(header) {
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      // Hash first so every comparison has the same length, and compare against every
      // token without stopping early, so timing says nothing about which token matched.
      const presented = digest(match?.[1] ?? "");
      let found: ApiCaller | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(presented, entry.digest) && match) found = entry.caller;
      }
      return found;
    },
  };
}
