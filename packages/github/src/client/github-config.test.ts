import { ConfigurationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { resolveGitHubConfig } from "./github-config";

describe("resolveGitHubConfig", () => {
  it("applies the documented defaults", () => {
    expect(resolveGitHubConfig({ token: "t" }, {})).toMatchObject({
      rateLimitRequests: 4500,
      rateLimitWindowSeconds: 3600,
      cacheTtlSeconds: 300,
      timeoutSeconds: 30,
      retryAttempts: 3,
      retryBackoffSeconds: 1,
      baseUrl: "https://api.github.com",
    });
  });

  it("reads the GITHUB_* variables; explicit options win", () => {
    const env = { GITHUB_TOKEN: "ghp_env", GITHUB_WEBHOOK_SECRET: "gh-secret" };
    expect(resolveGitHubConfig({}, env)).toMatchObject({
      token: "ghp_env",
      webhookSecret: "gh-secret",
    });
    expect(resolveGitHubConfig({ token: "explicit" }, env).token).toBe("explicit");
    expect(
      resolveGitHubConfig(
        {},
        { GITHUB_INSTALLATION_ID: "123", GITHUB_APP_ID: "9", GITHUB_PRIVATE_KEY: "pem" },
      ).installationId,
    ).toBe(123);
  });

  it("fails with a ConfigurationError that says which variable to set", () => {
    try {
      resolveGitHubConfig({ baseUrl: "not a url" }, {});
      expect.unreachable();
    } catch (error) {
      expect(ConfigurationError.isInstance(error)).toBe(true);
      const message = (error as ConfigurationError).message;
      expect(message).toContain("Invalid github configuration");
      expect(message).toContain("set GITHUB_API_URL or pass baseUrl");
    }
    expect(() => resolveGitHubConfig({ appId: 1 }, {})).toThrow(/privateKey/);
  });
});
