import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CorrelationEngine,
  createEventBus,
  createWebhookHandler,
  type EventStore,
  MemoryEventStore,
  MemoryWorkflowStore,
  type WebhookSource,
  type WorkflowStore,
} from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { createMemoryRuntime, createWorkflowEngine } from "@contexten/workflows";
import { createTestActions, ManualClock } from "@contexten/workflows/testing";
import {
  type ApiConfigStore,
  type ContextenApi,
  type ContextenApiOptions,
  createContextenApi,
  type LiveTransport,
} from "../../src/index";

export const GITHUB_SECRET = "github-webhook-secret-for-tests";
export const TOKENS = {
  read: "read-token-0123456789abcdef",
  write: "write-token-0123456789abcdef",
  admin: "admin-token-0123456789abcdef",
  rotated: "rotated-admin-token-0123456789",
} as const;

/** One API instance over real HTTP on 127.0.0.1. */
export interface ApiInstance {
  url: string;
  api: ContextenApi;
  store: EventStore;
  engine: CorrelationEngine;
  workflows: ReturnType<typeof createWorkflowEngine>;
  runtime: ReturnType<typeof createMemoryRuntime>;
  server: Server;
  /** What the API reported through `onError` (close() throws when it is not empty). */
  errors: unknown[];
  /** Waits until post-ack work (correlation) is done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  store?: EventStore & Partial<WorkflowStore>;
  workflowStore?: WorkflowStore;
  live?: LiveTransport;
  config?: ApiConfigStore;
  cors?: ContextenApiOptions["cors"];
  limits?: ContextenApiOptions["limits"];
  /** Call `api.start()` before answering (default true). */
  start?: boolean;
}

/** Starts an API instance: GitHub webhooks, correlation, a memory workflow runtime, the API. */
export async function startApiInstance(options: InstanceOptions = {}): Promise<ApiInstance> {
  const store = options.store ?? new MemoryEventStore();
  const bus = createEventBus();
  const engine = new CorrelationEngine({ store, bus, logger: { error() {} } });
  const clock = new ManualClock();
  const runtime = createMemoryRuntime({ clock });
  const test = createTestActions();
  const workflows = createWorkflowEngine({
    store: options.workflowStore ?? new MemoryWorkflowStore(),
    events: store,
    runtime,
    bus,
    actions: test.actions,
    definitions: [
      {
        id: "record",
        name: "Record",
        steps: [{ id: "note", name: "Note", action: "test.record" }],
      },
    ],
    logger: { info() {}, warn() {}, error() {} },
  });
  const github = createWebhookHandler({
    sources: githubWebhooks({ secrets: [GITHUB_SECRET] }) as WebhookSource<unknown>,
    store,
    bus,
    onEvent: (event) => engine.processStoredEvent(event).then(() => {}),
    logger: { error() {} },
  });
  const errors: unknown[] = [];
  const api = createContextenApi({
    store,
    engine,
    workflows,
    bus,
    integrations: { github: { webhook: github } },
    auth: {
      tokens: [
        { token: TOKENS.read, scopes: ["read"], name: "reader" },
        { token: TOKENS.write, scopes: ["write"], name: "writer" },
        { token: TOKENS.admin, scopes: ["admin"], name: "admin" },
        { token: TOKENS.rotated, scopes: ["admin"], name: "admin-next" },
      ],
    },
    ...(options.live ? { live: options.live } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.cors ? { cors: options.cors } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    onError: (error) => errors.push(error),
  });
  const server = createServer((request, response) => void api.listener(request, response));
  api.attachWebSocket(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  if (options.start !== false) await api.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    store,
    engine,
    workflows,
    runtime,
    server,
    async settle() {
      await github.drain();
    },
    errors,
    async close() {
      await api.close();
      await workflows.stop();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
      if (errors.length > 0) throw new AggregateError(errors, "the API reported errors");
    },
  };
}

/** `fetch` with a bearer token. */
export function authed(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  };
}

/** POSTs a GraphQL operation over HTTP. */
export async function graphql(
  instance: { url: string },
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{
  status: number;
  body: {
    // biome-ignore lint/suspicious/noExplicitAny: tests read the data they asked for
    data?: Record<string, any> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}> {
  const response = await fetch(`${instance.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  return { status: response.status, body: await response.json() };
}
