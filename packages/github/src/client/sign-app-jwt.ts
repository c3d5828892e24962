import { ConfigurationError } from "@contexten/core";

/** What `createJwt` of `@octokit/auth-app` returns. */
export interface AppJwt {
  /** The signed token. */
  jwt: string;
  /** When it expires, ISO 8601. */
  expiresAt: string;
}

type NodeCrypto = typeof import("node:crypto");

/** Node's `crypto`, without a static import, so bundles for other runtimes still load. */
function nodeCrypto(): NodeCrypto | undefined {
  const runtime = globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined;
  return runtime?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
}

const base64url = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");

/**
 * A synchronous signer of GitHub App JWTs (RS256) on Node's `crypto`, for
 * `@octokit/auth-app`'s `createJwt`: issued 30 seconds in the past (GitHub's advice
 * against clock drift) and valid ten minutes, like the tokens auth-app makes itself.
 * Signing synchronously means nothing else runs between reading the clock and sending
 * the request. `undefined` outside Node, where auth-app signs with Web Crypto instead.
 * The key is read on first use; a key Node cannot read is a `ConfigurationError`.
 */
export function nodeAppJwtSigner(
  privateKey: string,
  now: () => number,
): ((appId: string | number, timeDifference?: number) => Promise<AppJwt>) | undefined {
  const crypto = nodeCrypto();
  if (!crypto) return undefined;
  let key: ReturnType<NodeCrypto["createPrivateKey"]> | undefined;
  return async (appId, timeDifference = 0) => {
    if (!key) {
      try {
        key = crypto.createPrivateKey(privateKey);
      } catch (error) {
        throw new ConfigurationError({
          platform: "github",
          message: `The GitHub App private key could not be read (${(error as Error).message}). Pass the PEM file GitHub generated for the app (PKCS#1 "BEGIN RSA PRIVATE KEY" or PKCS#8 "BEGIN PRIVATE KEY"), with its line breaks.`,
          cause: error,
        });
      }
    }
    const issuedAt = Math.floor(now() / 1000) + timeDifference - 30;
    const expiresAt = issuedAt + 10 * 60;
    const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
    const claims = base64url(JSON.stringify({ iat: issuedAt, exp: expiresAt, iss: appId }));
    const signature = crypto.sign("sha256", Buffer.from(`${header}.${claims}`), key);
    return {
      jwt: `${header}.${claims}.${base64url(signature)}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  };
}
