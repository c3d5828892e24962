/**
 * The servers `bench/webhooks/http.ts` loads, in a process of their own so the load
 * generator does not share their event loop. Each contender listens on its own loopback
 * port; the ports and, on request, each contender's after-ack backlog go to the parent
 * over IPC.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CorrelationEngine,
  createWebhookHandler,
  type EventStore,
  MemoryEventStore,
  toNodeListener,
  type WebhookHandler,
} from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { createPostgresStore } from "@contexten/storage-postgres";
import { createNodeMiddleware, Webhooks } from "@octokit/webhooks";

const SECRET = process.env.BENCH_SECRET ?? "bench-webhook-secret";
/** The examples date from 2019: correlate as of then, inside the retention window. */
const CORRELATION_NOW = new Date("2019-06-01T00:00:00Z");

async function listen(listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function contexten(store: EventStore, correlate: boolean): WebhookHandler {
  const engine = correlate
    ? new CorrelationEngine({ store, clock: () => CORRELATION_NOW })
    : undefined;
  return createWebhookHandler({
    sources: githubWebhooks({ secret: SECRET }),
    store,
    ...(engine ? { onEvent: (event) => engine.processStoredEvent(event) } : {}),
  });
}

async function main(): Promise<void> {
  const peer = new Webhooks({ secret: SECRET });
  peer.onAny(() => undefined);
  const handlers: Record<string, WebhookHandler> = {
    memory: contexten(new MemoryEventStore(), false),
    correlated: contexten(new MemoryEventStore(), true),
  };
  const databaseUrl = process.env.DATABASE_URL;
  let postgres: ReturnType<typeof createPostgresStore> | undefined;
  if (databaseUrl) {
    postgres = createPostgresStore({
      connectionString: databaseUrl,
      schema: `bench_http_${process.pid}`,
    });
    await postgres.migrate();
    handlers.postgres = contexten(postgres, false);
  }
  const servers: Server[] = [];
  const serve = async (listener: RequestListener): Promise<number> => {
    const { server, port } = await listen(listener);
    servers.push(server);
    return port;
  };
  const ports: Record<string, number> = {
    peer: await serve(createNodeMiddleware(peer, { path: "/" }) as RequestListener),
  };
  for (const [name, handler] of Object.entries(handlers)) {
    const listener = toNodeListener(handler);
    ports[name] = await serve((request, response) => void listener(request, response));
  }
  process.on("message", async (message: { type: string }) => {
    if (message.type === "backlog") {
      const backlog = Object.fromEntries(
        Object.entries(handlers).map(([name, handler]) => [name, handler.pending]),
      );
      process.send?.({ type: "backlog", backlog });
    }
    if (message.type === "stop") {
      // No new requests, then post-ack work finishes before the store it writes to closes.
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      await Promise.all(Object.values(handlers).map((handler) => handler.close()));
      if (postgres) {
        await postgres.close();
        const { Client } = await import("pg");
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "bench_http_${process.pid}" CASCADE`);
        await client.end();
      }
      process.exit(0);
    }
  });
  process.send?.({ type: "ready", ports });
}

await main();
