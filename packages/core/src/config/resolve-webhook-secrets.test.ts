import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../errors/configuration-error";
import { resolveWebhookSecrets } from "./resolve-webhook-secrets";

const github = { platform: "github", name: "GitHub", variable: "GITHUB_WEBHOOK_SECRET" };

describe("resolveWebhookSecrets", () => {
  it("takes the secret and the rotation list together, newest first, before the environment", () => {
    const env = { GITHUB_WEBHOOK_SECRET: "from-env" };
    expect(resolveWebhookSecrets({ ...github, secret: "new", secrets: ["old"], env })).toEqual([
      "new",
      "old",
    ]);
    expect(resolveWebhookSecrets({ ...github, secret: "new, old ,", env })).toEqual(["new", "old"]);
    expect(resolveWebhookSecrets({ ...github, secrets: ["a", " ", "a"], env })).toEqual(["a"]);
  });

  it("reads the variable, comma-separated for rotation, when no option is passed", () => {
    const env = { GITHUB_WEBHOOK_SECRET: "new,old" };
    expect(resolveWebhookSecrets({ ...github, secret: undefined, env })).toEqual(["new", "old"]);
    expect(resolveWebhookSecrets({ ...github, secret: " ", env })).toEqual(["new", "old"]);
  });

  it("fails with one wording for every platform, naming the variable and both options", () => {
    const slack = () =>
      resolveWebhookSecrets({
        platform: "slack",
        name: "Slack",
        variable: "SLACK_SIGNING_SECRET",
        optionNames: ["signingSecret", "signingSecrets"],
        env: {},
      });
    expect(slack).toThrow(ConfigurationError);
    expect(slack).toThrow(
      "Slack webhooks cannot be verified without a secret: set SLACK_SIGNING_SECRET or pass signingSecret (or signingSecrets while rotating).",
    );
    const linear = () =>
      resolveWebhookSecrets({
        platform: "linear",
        name: "Linear",
        variable: "LINEAR_WEBHOOK_SECRET",
        whereToFind: "Linear shows it on the webhook's settings page.",
        env: { LINEAR_WEBHOOK_SECRET: " , " },
      });
    expect(linear).toThrow(
      "Linear webhooks cannot be verified without a secret: set LINEAR_WEBHOOK_SECRET or pass secret (or secrets while rotating). Linear shows it on the webhook's settings page.",
    );
    try {
      linear();
    } catch (error) {
      expect(error).toMatchObject({ platform: "linear", issues: [{ path: "secret" }] });
    }
  });
});
