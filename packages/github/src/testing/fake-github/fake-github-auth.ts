import { verify as verifySignature } from "node:crypto";
import type { FakeRequest, FakeResponse } from "@contexten/core/testing";
import type { FakeGitHubState } from "./fake-github-state";

/** Who made a request to the fake GitHub. */
export type FakeGitHubCaller =
  | { kind: "token"; login: string }
  | { kind: "installation"; installationId: number; login: string }
  | { kind: "app"; appId: number };

const BAD_CREDENTIALS: FakeResponse = {
  status: 401,
  json: {
    message: "Bad credentials",
    documentation_url: "https://docs.github.com/rest",
  },
};

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}

/** Verifies an app JWT (RS256, `iss` = app id, not expired) against the public key the fake server was given. */
function verifyAppJwt(state: FakeGitHubState, jwt: string): boolean {
  const app = state.app;
  const [header, payload, signature] = jwt.split(".");
  if (!app || !header || !payload || !signature) return false;
  const claims = decodeSegment(payload);
  if (decodeSegment(header)?.alg !== "RS256" || !claims) return false;
  const valid = verifySignature(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    app.publicKey,
    Buffer.from(signature, "base64url"),
  );
  const now = state.clock.now() / 1000;
  return (
    valid &&
    String(claims.iss) === String(app.id) &&
    typeof claims.exp === "number" &&
    claims.exp > now &&
    typeof claims.iat === "number" &&
    claims.iat <= now + 60
  );
}

/**
 * Identifies the caller from `Authorization`: `bearer <JWT>` for the App, `token ghs_…`
 * for an installation token the fake issued (401 once expired), or a personal token
 * (any, unless `state.tokens` lists the accepted ones). Returns a 401 response otherwise.
 */
export function identifyCaller(
  state: FakeGitHubState,
  request: FakeRequest,
): FakeGitHubCaller | FakeResponse {
  const [scheme, credential] = (request.headers.authorization ?? "").split(/\s+/);
  if (!scheme || !credential) {
    return { status: 401, json: { message: "Requires authentication" } };
  }
  if (scheme.toLowerCase() === "bearer" && credential.split(".").length === 3) {
    return state.app && verifyAppJwt(state, credential)
      ? { kind: "app", appId: state.app.id }
      : {
          status: 401,
          json: { message: "A JSON web token could not be decoded" },
        };
  }
  const issued = state.installationTokens.get(credential);
  if (issued) {
    if (issued.expiresAt <= state.clock.now()) return BAD_CREDENTIALS;
    return {
      kind: "installation",
      installationId: issued.installationId,
      login: `${state.app?.slug ?? "app"}[bot]`,
    };
  }
  if (credential.startsWith("ghs_")) return BAD_CREDENTIALS;
  if (state.tokens && !state.tokens.has(credential)) return BAD_CREDENTIALS;
  return { kind: "token", login: state.viewer.login };
}

/** True when {@link identifyCaller} refused the request. */
export function isRefusal(caller: FakeGitHubCaller | FakeResponse): caller is FakeResponse {
  return !("kind" in caller);
}
