import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../errors/configuration-error";
import { resolveCorrelationConfig } from "./correlation-config";
import { readConfig, splitSecrets } from "./read-config";

const exampleSchema = z.object({
  token: z.string().min(1).optional(),
  baseUrl: z.string().url().default("https://api.example.com"),
});
const readExample = (input: Record<string, unknown>, env: Record<string, string>) =>
  readConfig({
    schema: exampleSchema,
    platform: "example",
    input,
    env,
    bindings: { token: "EXAMPLE_TOKEN", baseUrl: "EXAMPLE_API_URL" },
  });

describe("configs", () => {
  it("apply the documented correlation defaults and read DATABASE_URL", () => {
    expect(resolveCorrelationConfig({}, {})).toMatchObject({
      eventRetentionDays: 30,
      correlationWindowMinutes: 60,
      maxCorrelationDepth: 10,
      enableAnalytics: true,
      storageBackend: "postgresql",
    });
    const env = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" };
    expect(resolveCorrelationConfig({}, env).databaseUrl).toBe(env.DATABASE_URL);
  });

  it("fill options that were not passed from their variables; explicit options win", () => {
    const env = { EXAMPLE_TOKEN: "from-env", EXAMPLE_API_URL: "" };
    expect(readExample({}, env)).toEqual({ token: "from-env", baseUrl: "https://api.example.com" });
    expect(readExample({ token: "explicit" }, env).token).toBe("explicit");
  });

  it("fail with a ConfigurationError that says which variable to set", () => {
    try {
      readExample({ baseUrl: "not a url" }, {});
      expect.unreachable();
    } catch (error) {
      expect(ConfigurationError.isInstance(error)).toBe(true);
      const message = (error as ConfigurationError).message;
      expect(message).toContain("Invalid example configuration");
      expect(message).toContain("baseUrl");
      expect(message).toContain("set EXAMPLE_API_URL or pass baseUrl");
    }
  });

  it("split comma-separated secrets for rotation", () => {
    expect(splitSecrets("new, old ,")).toEqual(["new", "old"]);
    expect(splitSecrets(["a", " "])).toEqual(["a"]);
    expect(splitSecrets(undefined)).toEqual([]);
  });
});
