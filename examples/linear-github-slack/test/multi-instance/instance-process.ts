/**
 * One instance of the example service, run as its own process by the multi-instance test:
 * the service on PostgreSQL and Redis (budgets, cache, Slack sessions), its clients
 * pointed at the test's fake platforms, time driven by the test (a SteppedClock), and a
 * small IPC protocol to advance time, generate GitHub load and read what happened.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { UnifiedRateLimiter } from "@contexten/core";
import { RateLimitRegistry } from "@contexten/core/adapter";
import { trackFetch } from "@contexten/core/testing";
import { createGitHubClient, githubRateLimitProfile } from "@contexten/github";
import { createLinearClient, linearRateLimitProfile } from "@contexten/linear";
import { FAKE_LINEAR_API_KEY } from "@contexten/linear/testing";
import { createRedisState, type RedisBackendMode } from "@contexten/redis";
import { createSlackClient, slackRateLimitProfile, type WorkflowSession } from "@contexten/slack";
import { DEMO_API_TOKEN, DEMO_CHANNEL, DEMO_SECRETS } from "../../src/demo/demo-environment";
import { createContextenService } from "../../src/service/create-service";
import { createServiceStorage } from "../../src/service/create-storage";
import type { InstanceCommand, InstanceSettings } from "./instance-protocol";
import { SteppedClock } from "./stepped-clock";

const settings = JSON.parse(process.argv[2]!) as InstanceSettings;
const clock = new SteppedClock(settings.startAt);
const tracker = trackFetch();
let inFlight = 0;

/** Counts the promises of an object's methods, so `settle` knows when work is done. */
function counted<T extends object>(target: T, methods: readonly string[]): T {
  for (const name of methods) {
    const original = (target as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    (target as Record<string, unknown>)[name] = (...args: unknown[]) => {
      inFlight += 1;
      return Promise.resolve(original.apply(target, args)).finally(() => {
        inFlight -= 1;
      });
    };
  }
  return target;
}

const modes: { mode: RedisBackendMode; at: number }[] = [];
const invalidations: { sentAt: number; receivedAt: number; pattern?: string }[] = [];
const redis = createRedisState<WorkflowSession>({
  url: settings.redisUrl,
  keyPrefix: settings.keyPrefix,
  clock,
  localShare: 1 / settings.instances,
  onModeChange: (mode) => modes.push({ mode, at: clock.now() }),
  // Measured in real time: that is what "seen within 100 ms" is about.
  onRemoteInvalidation: (message, receivedAt) =>
    invalidations.push({
      sentAt: message.sentAt,
      receivedAt,
      ...(message.pattern === undefined ? {} : { pattern: message.pattern }),
    }),
});
counted(redis.rateLimitBackend, ["tryAcquire", "refund", "observe", "inspect"]);
counted(redis.cache, ["get", "set", "delete", "invalidatePattern"]);
counted(redis.sessions, ["get", "save", "delete"]);

const limiter = new UnifiedRateLimiter({ backend: redis.rateLimitBackend, clock });
const shared = { limiter, cache: redis.cache, clock, fetch: tracker.fetch, env: {} };
const github = createGitHubClient({ ...shared, token: "demo-token", baseUrl: settings.githubUrl });
const storage = await createServiceStorage({
  databaseUrl: settings.databaseUrl,
  schema: settings.schema,
});
const service = createContextenService({
  store: storage.store,
  runtime: storage.runtime,
  github: { webhookSecret: DEMO_SECRETS.github, client: github },
  slack: {
    signingSecret: DEMO_SECRETS.slack,
    channel: DEMO_CHANNEL.id,
    client: createSlackClient({
      ...shared,
      botToken: settings.slackBotToken,
      slackApiUrl: settings.slackApiUrl,
    }),
    sessions: redis.sessions,
  },
  linear: {
    webhookSecret: DEMO_SECRETS.linear,
    defaultTeam: "ENG",
    client: createLinearClient({
      ...shared,
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: settings.linearApiUrl,
    }),
  },
  api: { tokens: [{ token: DEMO_API_TOKEN, scopes: ["admin"] }] },
  now: () => new Date(clock.now()),
  logger: { error: (...args: unknown[]) => process.stderr.write(`${args.join(" ")}\n`) },
});

let pendingWebhooks = 0;
await service.start();
const server = createServer((request, response) => {
  pendingWebhooks += 1;
  response.once("close", () => {
    pendingWebhooks -= 1;
  });
  void service.listener(request, response);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");

/** Waits (real event-loop turns) until no HTTP call, Redis or store operation is running. */
let draining: Promise<void> | undefined;
async function settle(): Promise<void> {
  let quiet = 0;
  while (quiet < 3) {
    await new Promise((resolve) => setImmediate(resolve));
    await tracker.settle({ timeoutMs: 30_000 });
    const busy = inFlight > 0 || pendingWebhooks > 0;
    quiet = busy ? 0 : quiet + 1;
  }
}

const demand = {
  issued: 0,
  succeeded: 0,
  failed: [] as string[],
  controllers: new Set<AbortController>(),
};
let demandTimer: unknown;
function call(kind: "read" | "create", index: number): void {
  demand.issued += 1;
  const controller = new AbortController();
  demand.controllers.add(controller);
  const request =
    kind === "read"
      ? github.octokit.request("GET /repos/{owner}/{repo}/issues", {
          owner: "acme",
          repo: "api",
          per_page: 1,
          page: settings.index * 1_000_000 + index,
          request: { signal: controller.signal },
        })
      : github.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          owner: "acme",
          repo: "api",
          issue_number: settings.commentIssue,
          body: `load ${settings.index}-${index}`,
          request: { signal: controller.signal },
        });
  request
    .then(
      () => {
        demand.succeeded += 1;
      },
      (error: { status?: number; message?: string }) => {
        if (!controller.signal.aborted) demand.failed.push(String(error.status ?? error.message));
      },
    )
    .finally(() => demand.controllers.delete(controller));
}

async function handle(command: InstanceCommand): Promise<unknown> {
  switch (command.type) {
    case "hello":
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    case "advance":
      await clock.advanceTo(command.to, settle);
      await settle();
      return { next: clock.nextAt() ?? null };
    case "idle": {
      // Drained when the service has nothing left to do after its acks.
      draining ??= service.drain().finally(() => {
        draining = undefined;
      });
      // A drain reads pg-boss's queue in PostgreSQL, so it takes real time: wait a little
      // for it before reporting "not yet" (the test then moves the simulated clock on).
      const done = await Promise.race([
        draining.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      await settle();
      return { idle: done, next: clock.nextAt() ?? null };
    }
    case "start-demand": {
      let tick = 0;
      const fire = () => {
        tick += 1;
        for (let i = 0; i < command.readsPerTick; i += 1) call("read", tick * 1000 + i);
        for (let i = 0; i < command.createsPerTick; i += 1) call("create", tick * 1000 + i);
        demandTimer = clock.setTimeout(fire, command.everyMs);
      };
      demandTimer = clock.setTimeout(fire, command.everyMs);
      return { next: clock.nextAt() ?? null };
    }
    case "stop-demand": {
      clock.clearTimeout(demandTimer);
      const reason = new DOMException("The demand was stopped", "AbortError");
      for (const controller of demand.controllers) controller.abort(reason);
      await settle();
      return {
        issued: demand.issued,
        succeeded: demand.succeeded,
        failed: demand.failed,
        modes,
      };
    }
    case "cache-set":
      await redis.cache.set(command.key, command.value, { platform: "github" });
      return {};
    case "cache-get":
      return { entry: (await redis.cache.get(command.key)) ?? null, local: redis.cache.localSize };
    case "cache-invalidate":
      return { removed: await redis.cache.invalidatePattern(command.pattern) };
    case "invalidations":
      return { invalidations };
    case "inspect": {
      const bucket = new RateLimitRegistry([
        githubRateLimitProfile(),
        slackRateLimitProfile(),
        linearRateLimitProfile(),
      ]).bucket(command.platform, command.bucket);
      return redis.rateLimitBackend.inspect(bucket, clock.now());
    }
    case "status":
      return { mode: redis.rateLimitBackend.mode, redis: redis.client.status, modes };
    case "close":
      server.close();
      await redis.close();
      await storage.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on("message", (message: { id: number; command: InstanceCommand }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, ok: true, result }),
    (error: unknown) =>
      process.send!({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) }),
  );
});
process.send!({ ready: true });
