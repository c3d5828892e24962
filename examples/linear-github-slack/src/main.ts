/**
 * Runs the contexten service against the real GitHub, Slack and Linear (`npm start` in
 * this folder). Configuration comes from the environment; see the README for every
 * variable. Storage is embedded PGlite in `.data/contexten` unless DATABASE_URL is set.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import { ConfigurationError, UnifiedRateLimiter } from "@contexten/core";
import { createGitHubClient, resolveGitHubConfig } from "@contexten/github";
import { createLinearClient, resolveLinearConfig } from "@contexten/linear";
import { createPrometheusInstrumentation } from "@contexten/prometheus";
import { createRedisState } from "@contexten/redis";
import { createSlackClient, resolveSlackConfig, type WorkflowSession } from "@contexten/slack";
import { createContextenService } from "./service/create-service";
import { createServiceStorage } from "./service/create-storage";
import { readNotificationsConfig } from "./service/notifications-config";

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
  // With REDIS_URL, instances share rate-limit budgets, the response cache and Slack modal
  // sessions, so several can run behind one load balancer (see the root README).
  const redis = process.env.REDIS_URL
    ? createRedisState<WorkflowSession>({
        url: process.env.REDIS_URL,
        onModeChange: (mode, error) =>
          console.warn(`rate limits: ${mode}${error ? ` (${String(error)})` : ""}`),
      })
    : undefined;
  const shared = redis
    ? {
        // Each client registers its platform's rules (from its config) on the shared limiter.
        limiter: new UnifiedRateLimiter({ backend: redis.rateLimitBackend }),
        cache: redis.cache,
      }
    : {};
  const notifications = await readNotificationsConfig(process.env);
  // Prometheus metrics at /metrics; the lineage page is at /lineage/.
  const metrics = createPrometheusInstrumentation();
  const service = createContextenService({
    metrics,
    // CONTEXTEN_ANALYSIS=off turns pull request analysis off.
    analysis: { enabled: process.env.CONTEXTEN_ANALYSIS !== "off" },
    ...(notifications ? { notifications } : {}),
    store: storage.store,
    runtime: storage.runtime,
    github: {
      webhookSecret: required(github.webhookSecret, "set GITHUB_WEBHOOK_SECRET"),
      client: createGitHubClient({ ...shared, instrumentation: metrics }),
    },
    slack: {
      signingSecret: required(slack.signingSecret, "set SLACK_SIGNING_SECRET"),
      client: createSlackClient({ ...shared, instrumentation: metrics }),
      channel,
      ...(redis ? { sessions: redis.sessions } : {}),
    },
    api: {
      // Comma-separated, so a new token can be added before the old one is removed.
      tokens: required(
        process.env.CONTEXTEN_API_TOKENS,
        "set CONTEXTEN_API_TOKENS (comma-separated bearer tokens with all scopes; e.g. `openssl rand -hex 32`)",
      )
        .split(",")
        .map((token, index) => ({
          token: token.trim(),
          scopes: ["admin"],
          name: `token-${index}`,
        })),
    },
    linear: {
      webhookSecret: required(linear.webhookSecret, "set LINEAR_WEBHOOK_SECRET"),
      client: createLinearClient({ ...shared, instrumentation: metrics }),
      ...(process.env.LINEAR_TEAM ? { defaultTeam: process.env.LINEAR_TEAM } : {}),
    },
  });
  await service.start();
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  const server = createServer((request, response) => void service.listener(request, response));
  service.attachWebSocket(server);
  // Slow headers are the server's to bound; slow bodies are bounded by the webhook handler.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.listen(port, host);
  await once(server, "listening");
  console.log(
    `contexten service on http://${host}:${port}/api/v1 (storage: ${storage.description}${redis ? ", shared state: Redis" : ""})`,
  );

  const stop = async () => {
    console.log("Stopping: finishing work already acknowledged…");
    server.close();
    await service.drain();
    await service.stop();
    await storage.close();
    await redis?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(ConfigurationError.isInstance(error) ? error.message : error);
  process.exit(1);
});
