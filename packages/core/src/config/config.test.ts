import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error";
import { resolveCorrelationConfig } from "./correlation-config";
import { resolveGitHubConfig } from "./github-integration-config";
import { resolveLinearConfig } from "./linear-integration-config";
import { splitSecrets } from "./read-config";
import { resolveSlackConfig } from "./slack-integration-config";

describe("integration configs", () => {
  it("apply the documented defaults", () => {
    const github = resolveGitHubConfig({ token: "t" }, {});
    expect(github).toMatchObject({
      rateLimitRequests: 4500,
      rateLimitWindowSeconds: 3600,
      cacheTtlSeconds: 300,
      timeoutSeconds: 30,
      retryAttempts: 3,
      retryBackoffSeconds: 1,
      baseUrl: "https://api.github.com",
    });
    expect(resolveSlackConfig({}, {})).toMatchObject({
      socketMode: true,
      rateLimitRequests: 100,
      rateLimitWindowSeconds: 60,
      cacheTtlSeconds: 60,
      timeoutSeconds: 30,
    });
    expect(resolveCorrelationConfig({}, {})).toMatchObject({
      eventRetentionDays: 30,
      correlationWindowMinutes: 60,
      maxCorrelationDepth: 10,
      enableAnalytics: true,
      storageBackend: "postgresql",
    });
    expect(resolveLinearConfig({}, {}).apiUrl).toBe("https://api.linear.app/graphql");
  });

  it("read documented environment variables; explicit options win", () => {
    const env = {
      GITHUB_TOKEN: "ghp_env",
      GITHUB_WEBHOOK_SECRET: "gh-secret",
      SLACK_BOT_TOKEN: "xoxb-env",
      SLACK_SIGNING_SECRET: "slack-secret",
      LINEAR_API_KEY: "lin_api_env",
      LINEAR_WEBHOOK_SECRET: "lin-secret",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
    };
    expect(resolveGitHubConfig({}, env)).toMatchObject({
      token: "ghp_env",
      webhookSecret: "gh-secret",
    });
    expect(resolveGitHubConfig({ token: "explicit" }, env).token).toBe("explicit");
    expect(resolveSlackConfig({}, env)).toMatchObject({
      botToken: "xoxb-env",
      signingSecret: "slack-secret",
    });
    expect(resolveLinearConfig({}, env)).toMatchObject({
      apiKey: "lin_api_env",
      webhookSecret: "lin-secret",
    });
    expect(resolveCorrelationConfig({}, env).databaseUrl).toBe(env.DATABASE_URL);
    expect(
      resolveGitHubConfig(
        {},
        { GITHUB_INSTALLATION_ID: "123", GITHUB_APP_ID: "9", GITHUB_PRIVATE_KEY: "pem" },
      ).installationId,
    ).toBe(123);
  });

  it("fail with a ConfigurationError that says which variable to set", () => {
    try {
      resolveGitHubConfig({ baseUrl: "not a url" }, {});
      expect.unreachable();
    } catch (error) {
      expect(ConfigurationError.isInstance(error)).toBe(true);
      const message = (error as ConfigurationError).message;
      expect(message).toContain("Invalid github configuration");
      expect(message).toContain("baseUrl");
      expect(message).toContain("set GITHUB_API_URL or pass baseUrl");
    }
    expect(() => resolveGitHubConfig({ appId: 1 }, {})).toThrow(/privateKey/);
  });

  it("split comma-separated secrets for rotation", () => {
    expect(splitSecrets("new, old ,")).toEqual(["new", "old"]);
    expect(splitSecrets(["a", " "])).toEqual(["a"]);
    expect(splitSecrets(undefined)).toEqual([]);
  });
});
