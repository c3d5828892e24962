import { describe, expect, it } from "vitest";
import { resolveLinearConfig } from "./linear-config";

describe("resolveLinearConfig", () => {
  it("applies the documented defaults", () => {
    expect(resolveLinearConfig({}, {})).toMatchObject({
      apiUrl: "https://api.linear.app/graphql",
      rateLimitRequests: 4500,
      rateLimitComplexity: 225_000,
    });
  });

  it("reads the LINEAR_* variables; explicit options win", () => {
    const env = { LINEAR_API_KEY: "lin_api_env", LINEAR_WEBHOOK_SECRET: "lin-secret" };
    expect(resolveLinearConfig({}, env)).toMatchObject({
      apiKey: "lin_api_env",
      webhookSecret: "lin-secret",
    });
    expect(resolveLinearConfig({ apiKey: "lin_api_explicit" }, env).apiKey).toBe(
      "lin_api_explicit",
    );
  });
});
