import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiInstance,
  authed,
  GITHUB_SECRET,
  startApiInstance,
  TOKENS,
} from "./support/api-harness";
import { pullRequestDelivery } from "./support/github-payloads";
import { OpenApiValidator } from "./support/openapi-validator";

let instance: ApiInstance;
let validator: OpenApiValidator;

/** Calls a route and validates the answer against the served OpenAPI document. */
async function call(
  method: string,
  path: string,
  template: string,
  init: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked against the OpenAPI document
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined || init.rawBody !== undefined
        ? { "content-type": "application/json" }
        : {}),
      ...init.headers,
    },
    ...(init.rawBody !== undefined
      ? { body: init.rawBody }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  validator.validate(method, template, response.status, body);
  return { status: response.status, body, headers: response.headers };
}

beforeAll(async () => {
  instance = await startApiInstance({ cors: { origin: ["https://dash.example.com"] } });
  const document = await (await fetch(`${instance.url}/api/v1/openapi.json`)).json();
  validator = new OpenApiValidator(document);
  for (const number of [1, 2, 3]) {
    const delivered = await fetch(
      await pullRequestDelivery(
        `${instance.url}/api/v1/integrations/github/webhook`,
        GITHUB_SECRET,
        number,
      ),
    );
    expect(delivered.status).toBeLessThan(300);
  }
  await instance.settle();
});

afterAll(async () => {
  await instance?.close();
});

const ROUTES: Array<{
  method: string;
  path: string;
  template: string;
  scope: "read" | "write" | "admin";
  body?: unknown;
}> = [
  {
    method: "GET",
    path: "/api/v1/integrations/status",
    template: "/api/v1/integrations/status",
    scope: "read",
  },
  { method: "GET", path: "/api/v1/events", template: "/api/v1/events", scope: "read" },
  { method: "GET", path: "/api/v1/events/x", template: "/api/v1/events/{id}", scope: "read" },
  {
    method: "GET",
    path: "/api/v1/events/x/lineage",
    template: "/api/v1/events/{id}/lineage",
    scope: "read",
  },
  { method: "GET", path: "/api/v1/workflows", template: "/api/v1/workflows", scope: "read" },
  { method: "GET", path: "/api/v1/workflows/x", template: "/api/v1/workflows/{id}", scope: "read" },
  {
    method: "POST",
    path: "/api/v1/workflows/trigger",
    template: "/api/v1/workflows/trigger",
    scope: "write",
    body: { workflowId: "record" },
  },
  {
    method: "POST",
    path: "/api/v1/workflows/x/cancel",
    template: "/api/v1/workflows/{id}/cancel",
    scope: "write",
    body: {},
  },
  {
    method: "GET",
    path: "/api/v1/correlation-rules",
    template: "/api/v1/correlation-rules",
    scope: "read",
  },
  {
    method: "POST",
    path: "/api/v1/correlation-rules",
    template: "/api/v1/correlation-rules",
    scope: "admin",
    body: { name: "x", source: {}, target: {} },
  },
  {
    method: "DELETE",
    path: "/api/v1/correlation-rules/x",
    template: "/api/v1/correlation-rules/{name}",
    scope: "admin",
  },
];

describe("auth", () => {
  it.each(ROUTES)(
    "$method $path answers 401 without a token and with a wrong one",
    async (route) => {
      const missing = await call(route.method, route.path, route.template, { body: route.body });
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const wrong = await call(route.method, route.path, route.template, {
        body: route.body,
        token: "not-a-configured-token-at-all",
      });
      expect(wrong.status).toBe(401);
      const almost = await call(route.method, route.path, route.template, {
        body: route.body,
        token: `${TOKENS.admin}x`,
      });
      expect(almost.status).toBe(401);
    },
  );

  it.each(ROUTES.filter((route) => route.scope !== "read"))(
    "$method $path answers 403 to a token without the $scope scope and changes nothing",
    async (route) => {
      const runsBefore = await instance.workflows.listRuns();
      const rulesBefore = instance.engine.rules.length;
      const answer = await call(route.method, route.path, route.template, {
        body: route.body,
        token: route.scope === "admin" ? TOKENS.write : TOKENS.read,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain(`"${route.scope}" scope`);
      expect(await instance.workflows.listRuns()).toEqual(runsBefore);
      expect(instance.engine.rules.length).toBe(rulesBefore);
    },
  );

  it("accepts every configured token (rotation) and never echoes one back", async () => {
    for (const token of [TOKENS.admin, TOKENS.rotated]) {
      const answer = await call("GET", "/api/v1/events", "/api/v1/events", { token });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(token);
    }
    const refused = await call("GET", "/api/v1/events", "/api/v1/events", {
      token: "wrong-token-0123456789abcdef",
    });
    expect(JSON.stringify(refused.body)).not.toContain("wrong-token");
  });

  it("keeps webhooks on their platform signature, not bearer tokens", async () => {
    const forged = await fetch(`${instance.url}/api/v1/integrations/github/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "d",
        "x-hub-signature-256": "sha256=00",
      },
      body: "{}",
    });
    expect(forged.status).toBe(401);
    const signed = await fetch(
      await pullRequestDelivery(
        `${instance.url}/api/v1/integrations/github/webhook`,
        GITHUB_SECRET,
        99,
      ),
    );
    expect(signed.status).toBeLessThan(300);
    await instance.settle();
  });

  it("answers CORS preflights for configured origins only", async () => {
    const allowed = await fetch(`${instance.url}/api/v1/events`, {
      method: "OPTIONS",
      headers: {
        origin: "https://dash.example.com",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dash.example.com");
    const other = await fetch(`${instance.url}/api/v1/events`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("checks responses against the document for real (a wrong body fails)", () => {
    expect(() => validator.validate("GET", "/api/v1/events", 200, { events: [{ id: 1 }] })).toThrow(
      /does not match/,
    );
    expect(() =>
      validator.validate("GET", "/api/v1/events", 401, { error: { code: "x" } }),
    ).toThrow(/does not match/);
  });

  it("serves the OpenAPI document without a token, with bearer security declared", async () => {
    const document = await (await fetch(`${instance.url}/api/v1/openapi.json`)).json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toEqual({
      type: "http",
      scheme: "bearer",
    });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(ROUTES.map((route) => route.template)),
    );
  });
});

describe("events", () => {
  it("lists, filters and pages events with a cursor", async () => {
    const first = await call(
      "GET",
      "/api/v1/events?limit=2&platform=github&order=oldest",
      "/api/v1/events",
      { token: TOKENS.read },
    );
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(2);
    expect(first.body.nextCursor).toBeTypeOf("string");
    const second = await call(
      "GET",
      `/api/v1/events?limit=2&platform=github&order=oldest&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      "/api/v1/events",
      { token: TOKENS.read },
    );
    expect(second.body.events.length).toBeGreaterThan(0);
    const ids = [...first.body.events, ...second.body.events].map(
      (event: { id: string }) => event.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    const none = await call(
      "GET",
      "/api/v1/events?platform=slack&platform=linear",
      "/api/v1/events",
      { token: TOKENS.read },
    );
    expect(none.body.events).toEqual([]);
  });

  it("finds events by correlation key, reads one and its lineage", async () => {
    const byKey = await call("GET", "/api/v1/events?key=linear:issue:ENG-2", "/api/v1/events", {
      token: TOKENS.read,
    });
    expect(byKey.body.events).toHaveLength(1);
    const id = byKey.body.events[0].id as string;
    const one = await call(
      "GET",
      `/api/v1/events/${encodeURIComponent(id)}`,
      "/api/v1/events/{id}",
      { token: TOKENS.read },
    );
    expect(one.body.id).toBe(id);
    const lineage = await call(
      "GET",
      `/api/v1/events/${encodeURIComponent(id)}/lineage?maxDepth=2`,
      "/api/v1/events/{id}/lineage",
      { token: TOKENS.read },
    );
    expect(lineage.status).toBe(200);
    expect(lineage.body.rootEvent.id).toBe(id);
    const missing = await call(
      "GET",
      "/api/v1/events/no-such-event/lineage",
      "/api/v1/events/{id}/lineage",
      { token: TOKENS.read },
    );
    expect(missing.status).toBe(404);
  });

  it.each([
    ["/api/v1/events?limit=100000", "limit"],
    ["/api/v1/events?limit=abc", "limit"],
    ["/api/v1/events?order=sideways", "order"],
    ["/api/v1/events?unknown=1", "unknown"],
    ["/api/v1/events?cursor=garbage", "cursor"],
    ["/api/v1/events/x/lineage?maxDepth=5000", "maxDepth"],
  ])("refuses %s with a 400 naming %s", async (path, field) => {
    const template = path.includes("lineage") ? "/api/v1/events/{id}/lineage" : "/api/v1/events";
    const answer = await call("GET", path, template, { token: TOKENS.read });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message.toLowerCase()).toContain(field.toLowerCase());
  });
});

describe("workflows", () => {
  it("triggers once per idempotency key, reads, lists and cancels runs", async () => {
    const body = { workflowId: "record", input: { n: 1 }, idempotencyKey: "once" };
    const created = await call("POST", "/api/v1/workflows/trigger", "/api/v1/workflows/trigger", {
      token: TOKENS.write,
      body,
    });
    expect(created.status).toBe(201);
    const again = await call("POST", "/api/v1/workflows/trigger", "/api/v1/workflows/trigger", {
      token: TOKENS.write,
      body,
    });
    expect(again.status).toBe(200);
    expect(again.body.run.id).toBe(created.body.run.id);
    const runId = created.body.run.id as string;
    const view = await call("GET", `/api/v1/workflows/${runId}`, "/api/v1/workflows/{id}", {
      token: TOKENS.read,
    });
    expect(view.body.run.id).toBe(runId);
    const list = await call("GET", "/api/v1/workflows?definitionId=record", "/api/v1/workflows", {
      token: TOKENS.read,
    });
    expect(list.body.workflows.map((run: { id: string }) => run.id)).toContain(runId);
    const canceled = await call(
      "POST",
      `/api/v1/workflows/${runId}/cancel`,
      "/api/v1/workflows/{id}/cancel",
      { token: TOKENS.write, body: { reason: "test" } },
    );
    expect(canceled.body).toEqual({ canceled: true });
    expect((await instance.workflows.getRun(runId))?.run.status).toBe("canceled");
    const missing = await call(
      "POST",
      "/api/v1/workflows/nope/cancel",
      "/api/v1/workflows/{id}/cancel",
      { token: TOKENS.write, body: {} },
    );
    expect(missing.status).toBe(404);
  });

  it.each([
    ["malformed JSON", { rawBody: "{not json" }],
    ["wrong types", { body: { workflowId: 42 } }],
    ["unknown fields", { body: { workflowId: "record", extra: true } }],
    ["an unknown definition", { body: { workflowId: "no-such-definition" } }],
    [
      "a body over the size limit",
      {
        rawBody: JSON.stringify({
          workflowId: "record",
          input: { blob: "x".repeat(2 * 1024 * 1024) },
        }),
      },
    ],
  ])("refuses %s with a 4xx and starts nothing", async (_name, init) => {
    const before = (await instance.workflows.listRuns()).length;
    const answer = await call("POST", "/api/v1/workflows/trigger", "/api/v1/workflows/trigger", {
      token: TOKENS.write,
      ...init,
    });
    expect([400, 404, 413]).toContain(answer.status);
    expect(answer.body.error.message).toBeTypeOf("string");
    expect((await instance.workflows.listRuns()).length).toBe(before);
  });
});

describe("correlation rules", () => {
  const rule = {
    name: "deploy_to_pr",
    description: "Deploys mention PRs",
    source: { type: "github.deployment.*" },
    target: { type: "github.pull_request.*" },
    match: { via: ["reference"], keyPrefixes: ["github:pr:"] },
    strength: 0.8,
  };

  it("creates, lists and deletes a rule; built-in rules cannot be deleted", async () => {
    const created = await call("POST", "/api/v1/correlation-rules", "/api/v1/correlation-rules", {
      token: TOKENS.admin,
      body: rule,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "deploy_to_pr", stored: true, kind: "data" });
    expect(instance.engine.rules.map((entry) => entry.name)).toContain("deploy_to_pr");
    const duplicate = await call("POST", "/api/v1/correlation-rules", "/api/v1/correlation-rules", {
      token: TOKENS.admin,
      body: rule,
    });
    expect(duplicate.status).toBe(400);
    const list = await call("GET", "/api/v1/correlation-rules", "/api/v1/correlation-rules", {
      token: TOKENS.read,
    });
    const builtIn = list.body.rules.find((entry: { stored: boolean }) => !entry.stored)
      .name as string;
    const refused = await call(
      "DELETE",
      `/api/v1/correlation-rules/${builtIn}`,
      "/api/v1/correlation-rules/{name}",
      { token: TOKENS.admin },
    );
    expect(refused.status).toBe(400);
    const deleted = await call(
      "DELETE",
      "/api/v1/correlation-rules/deploy_to_pr",
      "/api/v1/correlation-rules/{name}",
      { token: TOKENS.admin },
    );
    expect(deleted.status).toBe(204);
    expect(instance.engine.rules.map((entry) => entry.name)).not.toContain("deploy_to_pr");
    const gone = await call(
      "DELETE",
      "/api/v1/correlation-rules/deploy_to_pr",
      "/api/v1/correlation-rules/{name}",
      { token: TOKENS.admin },
    );
    expect(gone.status).toBe(404);
  });

  it.each([
    ["a bad name", { ...rule, name: "Bad Name" }],
    ["an unknown field", { ...rule, name: "other", colour: "red" }],
    ["a time rule without a window", { ...rule, name: "other", match: { via: ["time"] } }],
  ])("refuses %s with a 400 and stores nothing", async (_name, body) => {
    const before = instance.engine.rules.length;
    const answer = await call("POST", "/api/v1/correlation-rules", "/api/v1/correlation-rules", {
      token: TOKENS.admin,
      body,
    });
    expect(answer.status).toBe(400);
    expect(instance.engine.rules.length).toBe(before);
  });
});

describe("integrations", () => {
  it("reports each integration's health and webhook state", async () => {
    const status = await call("GET", "/api/v1/integrations/status", "/api/v1/integrations/status", {
      token: TOKENS.read,
    });
    expect(status.status).toBe(200);
    expect(status.body.integrations.github.webhooksEnabled).toBe(true);
  });

  it("answers unknown routes with a 404", async () => {
    const answer = await fetch(`${instance.url}/api/v1/nothing-here`, authed(TOKENS.read));
    expect(answer.status).toBe(404);
  });
});
