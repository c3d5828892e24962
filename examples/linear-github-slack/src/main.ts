/**
 * Runs the contexten service against the real GitHub, Slack and Linear (`npm start` in
 * this folder). Configuration comes from the environment; see the README for every
 * variable. Storage is embedded PGlite in `.data/contexten` unless DATABASE_URL is set.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import {
  ConfigurationError,
  resolveGitHubConfig,
  resolveLinearConfig,
  resolveSlackConfig,
} from "@contexten/core";
import { createGitHubClient } from "@contexten/github";
import { createLinearClient } from "@contexten/linear";
import { createSlackClient } from "@contexten/slack";
import { createContextenService } from "./service/create-service";
import { createServiceStorage } from "./service/create-storage";

function required(value: string | undefined, hint: string): string {
  if (!value) throw new ConfigurationError({ message: `Missing configuration: ${hint}.` });
  return value;
}

async function main(): Promise<void> {
  const github = resolveGitHubConfig();
  const slack = resolveSlackConfig();
  const linear = resolveLinearConfig();
  const channel = required(
    process.env.SLACK_CHANNEL,
    "set SLACK_CHANNEL to the channel id notifications go to",
  );
  const storage = await createServiceStorage({
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.CONTEXTEN_DATA_DIR ? { dataDirectory: process.env.CONTEXTEN_DATA_DIR } : {}),
  });
  const service = createContextenService({
    store: storage.store,
    github: {
      webhookSecret: required(github.webhookSecret, "set GITHUB_WEBHOOK_SECRET"),
      client: createGitHubClient(),
    },
    slack: {
      signingSecret: required(slack.signingSecret, "set SLACK_SIGNING_SECRET"),
      client: createSlackClient(),
      channel,
    },
    linear: {
      webhookSecret: required(linear.webhookSecret, "set LINEAR_WEBHOOK_SECRET"),
      client: createLinearClient(),
      ...(process.env.LINEAR_TEAM ? { defaultTeam: process.env.LINEAR_TEAM } : {}),
    },
  });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  const server = createServer((request, response) => void service.listener(request, response));
  // Slow headers are the server's to bound; slow bodies are bounded by the webhook handler.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.listen(port, host);
  await once(server, "listening");
  console.log(
    `contexten service on http://${host}:${port}/api/v1 (storage: ${storage.description})`,
  );

  const stop = async () => {
    console.log("Stopping: finishing work already acknowledged…");
    server.close();
    await service.drain();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(ConfigurationError.isInstance(error) ? error.message : error);
  process.exit(1);
});
