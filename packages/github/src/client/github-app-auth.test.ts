import { generateKeyPairSync } from "node:crypto";
import { ConfigurationError } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitHubHarness, startGitHubHarness } from "../__fixtures__/github-harness";
import { isAppAuthenticatedPath } from "./github-app-auth";
import { createGitHubClient } from "./github-client";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const MINUTE = 60_000;

let harness: GitHubHarness;
beforeEach(async () => {
  harness = await startGitHubHarness({
    repositories: [{ fullName: "acme/api" }],
    // Tokens that live ten minutes instead of GitHub's hour: expiry is reached in the test.
    app: {
      appId: 4242,
      publicKey,
      installations: [{ id: 77, account: "acme" }],
      tokenLifetimeMs: 10 * MINUTE,
    },
  });
});
afterEach(() => harness.close());

const appClient = () =>
  harness.client({
    appId: 4242,
    privateKey,
    installationId: 77,
    tokenRefreshMarginMs: 2 * MINUTE,
  });

const repoRequests = () =>
  harness.github.requests.filter((request) => request.path === "/repos/acme/api");

describe("GitHub App authentication", () => {
  it("fetches an installation token with a verified JWT and uses it", async () => {
    const client = appClient();
    const repository = await harness.finish(client.getRepository("acme/api"));
    expect(repository.full_name).toBe("acme/api");
    const [tokenRequest, repoRequest] = harness.github.requests;
    expect(tokenRequest!.path).toBe("/app/installations/77/access_tokens");
    expect(tokenRequest!.status).toBe(201);
    expect(tokenRequest!.headers.authorization).toMatch(/^bearer ey/);
    const [issued] = harness.github.state.issuedTokens();
    expect(repoRequest!.headers.authorization).toBe(`token ${issued!.token}`);
  });

  it("refreshes the token before it expires, never sending an expired one", async () => {
    const client = appClient();
    await harness.finish(client.getRepository("acme/api"));
    await harness.elapse(7 * MINUTE); // 3 minutes left: still fresh
    await harness.finish(client.getRepository("acme/api"));
    expect(harness.github.state.issuedTokens()).toHaveLength(1);

    await harness.elapse(2 * MINUTE); // 1 minute left: inside the 2-minute margin
    await harness.finish(client.getRepository("acme/api"));
    const tokens = harness.github.state.issuedTokens();
    expect(tokens).toHaveLength(2);
    expect(repoRequests().at(-1)!.headers.authorization).toBe(`token ${tokens[1]!.token}`);

    await harness.elapse(30 * MINUTE); // long idle: the second token expired meanwhile
    await harness.finish(client.getRepository("acme/api"));
    expect(harness.github.state.issuedTokens()).toHaveLength(3);
    expect(harness.github.requests.filter((request) => request.status === 401)).toEqual([]);
    for (const request of repoRequests()) {
      const token = harness.github.state.installationTokens.get(
        request.headers.authorization!.replace("token ", ""),
      );
      expect(token!.expiresAt).toBeGreaterThan(request.timestamp);
    }
  });

  it("gets a new token once when GitHub answers 401 (token revoked early)", async () => {
    const client = appClient();
    await harness.finish(client.getRepository("acme/api"));
    harness.github.state.installationTokens.clear(); // revoked on GitHub's side
    await harness.elapse(MINUTE);
    const repository = await harness.finish(client.getRepository("acme/api"));
    expect(repository.full_name).toBe("acme/api");
    expect(repoRequests().map((request) => request.status)).toEqual([200, 401, 200]);
    expect(harness.github.state.issuedTokens()).toHaveLength(1);
  });

  it("authenticate() reports the installation", async () => {
    const result = await harness.finish(appClient().authenticate());
    expect(result).toEqual({
      authenticated: true,
      identity: "contexten-test (installation 77 on acme)",
      scopes: ["issues:write", "pull_requests:write"],
    });
  });

  it("authenticate() reports a wrong installation without throwing", async () => {
    const client = harness.client({ appId: 4242, privateKey, installationId: 78 });
    const result = await harness.finish(client.authenticate());
    expect(result.authenticated).toBe(false);
    expect(result.message).toContain("installation");
  });

  it("needs the private key and installation id", () => {
    expect(() => createGitHubClient({ appId: 4242, privateKey, env: {} })).toThrowError(
      /installationId/,
    );
    const error = (() => {
      try {
        createGitHubClient({ env: {} });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("GITHUB_TOKEN");
  });
});

describe("isAppAuthenticatedPath", () => {
  it("knows which routes use the app's JWT", () => {
    expect(isAppAuthenticatedPath("/app")).toBe(true);
    expect(isAppAuthenticatedPath("/app/installations/{installation_id}/access_tokens")).toBe(true);
    expect(isAppAuthenticatedPath("/repos/acme/api/installation")).toBe(true);
    expect(isAppAuthenticatedPath("/orgs/{org}/installation?x=1")).toBe(true);
    expect(isAppAuthenticatedPath("/repos/acme/api")).toBe(false);
    expect(isAppAuthenticatedPath("/apps/slug")).toBe(false);
    expect(isAppAuthenticatedPath("/installation/repositories")).toBe(false);
  });
});
