import { describe, expect, it } from "vitest";
import { resolveSlackConfig } from "./slack-config";

describe("resolveSlackConfig", () => {
  it("applies the documented defaults", () => {
    expect(resolveSlackConfig({}, {})).toMatchObject({
      socketMode: true,
      rateLimitRequests: 100,
      rateLimitWindowSeconds: 60,
      cacheTtlSeconds: 60,
      timeoutSeconds: 30,
    });
  });

  it("reads the SLACK_* variables; explicit options win", () => {
    const env = { SLACK_BOT_TOKEN: "xoxb-env", SLACK_SIGNING_SECRET: "slack-secret" };
    expect(resolveSlackConfig({}, env)).toMatchObject({
      botToken: "xoxb-env",
      signingSecret: "slack-secret",
    });
    expect(resolveSlackConfig({ botToken: "xoxb-explicit" }, env).botToken).toBe("xoxb-explicit");
  });
});
