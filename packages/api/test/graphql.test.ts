import type { Correlation, EventStore } from "@contexten/core";
import { MemoryEventStore } from "@contexten/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiInstance,
  GITHUB_SECRET,
  graphql,
  startApiInstance,
  TOKENS,
} from "./support/api-harness";
import { pullRequestDelivery } from "./support/github-payloads";

/** A memory store that counts link reads, to see DataLoader batching. */
class CountingStore extends MemoryEventStore {
  linkCalls = 0;
  batchCalls = 0;
  override async linksOf(eventId: string): Promise<Correlation[]> {
    this.linkCalls += 1;
    return super.linksOf(eventId);
  }
  override async linksOfMany(eventIds: readonly string[]): Promise<Correlation[][]> {
    this.batchCalls += 1;
    return Promise.all(eventIds.map((id) => super.linksOf(id)));
  }
}

let instance: ApiInstance;
let store: CountingStore;

beforeAll(async () => {
  store = new CountingStore();
  instance = await startApiInstance({
    store: store as EventStore as never,
    limits: { graphqlMaxDepth: 6, graphqlMaxCost: 400 },
  });
  for (const number of [11, 12, 13, 14]) {
    const answer = await fetch(
      await pullRequestDelivery(
        `${instance.url}/api/v1/integrations/github/webhook`,
        GITHUB_SECRET,
        number,
      ),
    );
    expect(answer.status).toBeLessThan(300);
  }
  await instance.settle();
});

afterAll(async () => {
  await instance?.close();
});

describe("queries", () => {
  it("needs a bearer token", async () => {
    const answer = await graphql(instance, undefined, "{ correlationRules { name } }");
    expect(answer.status).toBe(401);
    const wrong = await graphql(
      instance,
      "wrong-token-0123456789abcdef",
      "{ correlationRules { name } }",
    );
    expect(wrong.status).toBe(401);
  });

  it("lists correlated events with their links in one batched store read", async () => {
    store.linkCalls = 0;
    store.batchCalls = 0;
    const answer = await graphql(
      instance,
      TOKENS.read,
      `query($filter: EventFilter) { correlatedEvents(filter: $filter) { events { id type links { rule } } nextCursor } }`,
      { filter: { platform: ["github"], limit: 10 } },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.correlatedEvents.events).toHaveLength(4);
    expect(store.batchCalls).toBe(1);
    expect(store.linkCalls).toBe(0);
  });

  it("answers eventLineage, integrationStatus and workflows", async () => {
    const events = await instance.store.query({ limit: 1 });
    const id = events.events[0]!.id;
    const answer = await graphql(
      instance,
      TOKENS.read,
      `query($id: ID!) {
        eventLineage(eventId: $id, maxDepth: 3) { rootEvent { id platform subject { key } } relatedEvents { id } correlationStrength truncated }
        integrationStatus { status integrations { platform webhooksEnabled } }
        workflows(filter: { limit: 5 }) { id status }
      }`,
      { id },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.eventLineage.rootEvent.id).toBe(id);
    expect(answer.body.data?.integrationStatus.integrations).toEqual([
      { platform: "github", webhooksEnabled: true },
    ]);
    const missing = await graphql(
      instance,
      TOKENS.read,
      `{ eventLineage(eventId: "nope") { rootEvent { id } } }`,
    );
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses deep and expensive queries before running them", async () => {
    store.batchCalls = 0;
    const deep = await graphql(
      instance,
      TOKENS.read,
      `{ correlatedEvents { events { links { source { links { source { links { source { id } } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    const fields = Array.from(
      { length: 80 },
      (_, index) => `e${index}: correlatedEvents { events { id type platform } }`,
    ).join("\n");
    const expensive = await graphql(instance, TOKENS.read, `{ ${fields} }`);
    expect(expensive.status).toBe(400);
    expect(expensive.body.errors?.[0]?.message).toMatch(/cost/i);
    expect(store.batchCalls).toBe(0);
  });

  it("refuses huge limits and wrong types with a clear message", async () => {
    const huge = await graphql(
      instance,
      TOKENS.read,
      `{ correlatedEvents(filter: { limit: 100000 }) { events { id } } }`,
    );
    expect(huge.body.errors?.[0]?.message).toContain("limit must be between 1 and 200");
    const wrongType = await graphql(
      instance,
      TOKENS.read,
      `{ correlatedEvents(filter: { limit: "ten" }) { events { id } } }`,
    );
    expect(wrongType.status).toBe(400);
    const malformed = await fetch(`${instance.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS.read}` },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
  });
});

describe("mutations", () => {
  it("needs the write scope to trigger a workflow, and triggers once per key", async () => {
    const mutation = `mutation($input: TriggerWorkflowInput!) { triggerWorkflow(input: $input) { created run { id status definitionId } } }`;
    const variables = { input: { workflowId: "record", idempotencyKey: "gql-once" } };
    const before = (await instance.workflows.listRuns()).length;
    const refused = await graphql(instance, TOKENS.read, mutation, variables);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await instance.workflows.listRuns()).length).toBe(before);
    const first = await graphql(instance, TOKENS.write, mutation, variables);
    expect(first.body.data?.triggerWorkflow.created).toBe(true);
    const second = await graphql(instance, TOKENS.write, mutation, variables);
    expect(second.body.data?.triggerWorkflow).toMatchObject({
      created: false,
      run: { id: first.body.data?.triggerWorkflow.run.id },
    });
    const unknown = await graphql(instance, TOKENS.write, mutation, {
      input: { workflowId: "nope" },
    });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("creates a correlation rule with the admin scope only, validated like REST", async () => {
    const mutation = `mutation($rule: JSON!) { createCorrelationRule(rule: $rule) { name stored kind definition } }`;
    const rule = { name: "gql_rule", source: { type: "github.*" }, target: { type: "linear.*" } };
    const refused = await graphql(instance, TOKENS.write, mutation, { rule });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const invalid = await graphql(instance, TOKENS.admin, mutation, {
      rule: { ...rule, strength: 7 },
    });
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(instance.engine.rules.map((entry) => entry.name)).not.toContain("gql_rule");
    const created = await graphql(instance, TOKENS.admin, mutation, { rule });
    expect(created.body.data?.createCorrelationRule).toMatchObject({
      name: "gql_rule",
      stored: true,
      kind: "data",
    });
    expect(instance.engine.rules.map((entry) => entry.name)).toContain("gql_rule");
  });

  it("pauses webhook intake through updateIntegrationConfig", async () => {
    const mutation = `mutation($enabled: Boolean) { updateIntegrationConfig(platform: "github", settings: { webhooksEnabled: $enabled }) { platform webhooksEnabled } }`;
    const paused = await graphql(instance, TOKENS.admin, mutation, { enabled: false });
    expect(paused.body.data?.updateIntegrationConfig).toEqual({
      platform: "github",
      webhooksEnabled: false,
    });
    const stored = (await instance.store.query({ limit: 200 })).events.length;
    const refused = await fetch(
      await pullRequestDelivery(
        `${instance.url}/api/v1/integrations/github/webhook`,
        GITHUB_SECRET,
        15,
      ),
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect((await instance.store.query({ limit: 200 })).events.length).toBe(stored);
    await graphql(instance, TOKENS.admin, mutation, { enabled: true });
    const accepted = await fetch(
      await pullRequestDelivery(
        `${instance.url}/api/v1/integrations/github/webhook`,
        GITHUB_SECRET,
        15,
      ),
    );
    expect(accepted.status).toBeLessThan(300);
    await instance.settle();
    const unknown = await graphql(
      instance,
      TOKENS.admin,
      `mutation { updateIntegrationConfig(platform: "jira", settings: { webhooksEnabled: false }) { platform } }`,
    );
    expect(unknown.body.errors?.[0]?.message).toContain('No integration named "jira"');
  });
});
