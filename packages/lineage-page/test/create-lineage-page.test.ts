import {
  type CorrelatedEvent,
  CorrelationEngine,
  createEventBus,
  MemoryEventStore,
  type WorkflowRecord,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { beforeEach, describe, expect, it } from "vitest";
import { createLineagePage, type LineageGraph } from "../src/index";

const T0 = Date.parse("2030-01-01T10:00:00Z");

function event(input: Record<string, unknown>): CorrelatedEvent {
  return correlatedEventSchema.parse({
    occurredAt: new Date(T0),
    receivedAt: new Date(T0),
    refs: [],
    payload: {},
    ...input,
  });
}

const issue = event({
  id: "evt-issue",
  type: "linear.issue.created",
  platform: "linear",
  subject: { kind: "issue", id: "uuid-1", key: "ENG-1", title: "Login loops" },
  keys: ["linear:issue:ENG-1"],
  payload: { action: "create", data: { identifier: "ENG-1" } },
});
const pullRequest = event({
  id: "evt-pr",
  type: "github.pull_request.opened",
  platform: "github",
  occurredAt: new Date(T0 + 60_000),
  receivedAt: new Date(T0 + 60_000),
  subject: { kind: "pull_request", id: "pr-1", key: "acme/api#7", title: "Fix login" },
  keys: [
    "github:pr:acme/api#7",
    "github:number:acme/api#7",
    "url:https://github.com/acme/api/pull/7",
  ],
  refs: [{ key: "linear:issue:ENG-1", evidence: "closes", field: "body", excerpt: "Fixes ENG-1" }],
  payload: { number: 7 },
});

describe("createLineagePage", () => {
  let store: MemoryEventStore;
  let engine: CorrelationEngine;

  beforeEach(async () => {
    store = new MemoryEventStore();
    engine = new CorrelationEngine({ store, clock: () => new Date(T0 + 120_000) });
    await engine.processEvent(issue);
    await engine.processEvent(pullRequest);
  });

  const get = (page: (request: Request) => Promise<Response>, path: string) =>
    page(new Request(`http://127.0.0.1${path}`));

  it("answers a search by issue key, PR reference or event id with objects and labelled links", async () => {
    const page = createLineagePage({ store, engine, basePath: "/lineage" });
    for (const query of ["ENG-1", "acme/api#7", "https://github.com/acme/api/pull/7", "evt-pr"]) {
      const response = await get(page, `/lineage/api/search?q=${encodeURIComponent(query)}`);
      expect(response.status, query).toBe(200);
      const graph = (await response.json()) as LineageGraph;
      expect(graph.nodes.map((node) => node.id).sort()).toEqual([
        "github:acme/api#7",
        "linear:ENG-1",
      ]);
      expect(graph.edges).toHaveLength(1);
      expect(graph.edges[0]).toMatchObject({
        source: "linear:ENG-1",
        target: "github:acme/api#7",
        rule: "linear_issue_to_github_pr",
        evidence: ["closes"],
      });
      expect(graph.edges[0]!.strength).toBeGreaterThan(0.9);
      // Payloads stay out of the graph; a click reads them.
      expect(JSON.stringify(graph)).not.toContain('"number":7');
    }
    const root = (await (await get(page, "/lineage/api/search?q=ENG-1")).json()) as LineageGraph;
    expect(root.nodes.find((node) => node.root)?.id).toBe("linear:ENG-1");
  });

  it("serves an event with its payload, and clear errors for what is not there", async () => {
    const page = createLineagePage({ store, engine, basePath: "/lineage/" });
    const found = await get(page, "/lineage/api/events/evt-pr");
    expect(found.status).toBe(200);
    expect(((await found.json()) as CorrelatedEvent).payload).toEqual({ number: 7 });
    expect((await get(page, "/lineage/api/events/nope")).status).toBe(404);
    expect((await get(page, "/lineage/api/search?q=ENG-999")).status).toBe(404);
    expect((await get(page, "/lineage/api/search?q=")).status).toBe(400);
    expect((await get(page, "/lineage/api/runs")).status).toBe(404);
    expect((await get(page, "/lineage/api/stream")).status).toBe(404);
    expect((await get(page, "/other")).status).toBe(404);
    const post = await page(new Request("http://127.0.0.1/lineage/", { method: "POST" }));
    expect(post.status).toBe(405);
    expect(() => createLineagePage({ store, engine, basePath: "lineage" })).toThrow(/start with/);
  });

  it("serves the page and its assets itself, cytoscape included (no CDN)", async () => {
    const page = createLineagePage({
      store,
      engine,
      basePath: "/lineage",
      title: "Team <lineage>",
    });
    const html = await (await get(page, "/lineage/")).text();
    expect(html).toContain("<title>Team &#60;lineage&#62;</title>");
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const asset of [
      "/lineage/assets/page.js",
      "/lineage/assets/page.css",
      "/lineage/assets/cytoscape.js",
    ]) {
      const response = await get(page, asset);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(500);
    }
    expect(await (await get(page, "/lineage/assets/cytoscape.js")).text()).toContain("cytoscape");
  });

  it("lists recent workflow runs, newest first", async () => {
    const run = (id: string, minute: number): WorkflowRecord =>
      ({
        id,
        name: "Linked pull request",
        status: "completed",
        triggerEventId: "evt-pr",
        correlationId: null,
        createdAt: new Date(T0 + minute * 60_000),
        updatedAt: new Date(T0 + minute * 60_000),
      }) as WorkflowRecord;
    const page = createLineagePage({
      store,
      engine,
      workflows: { listRuns: async () => [run("old", 1), run("new", 5)] },
    });
    const body = (await (await get(page, "/api/runs")).json()) as { runs: Array<{ id: string }> };
    expect(body.runs.map((entry) => entry.id)).toEqual(["new", "old"]);
  });

  it("streams bus notifications as Server-Sent Events until the client leaves", async () => {
    const bus = createEventBus();
    const page = createLineagePage({ store, engine, bus });
    const left = new AbortController();
    const response = await page(
      new Request("http://127.0.0.1/api/stream", { signal: left.signal }),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain("retry:");
    expect(bus.listenerCount("event")).toBe(1);
    bus.emit("event", pullRequest);
    const chunk = decoder.decode((await reader.read()).value);
    expect(chunk).toContain("event: event");
    expect(chunk).toContain('"eventIds":["evt-pr"]');
    left.abort();
    expect((await reader.read()).done).toBe(true);
    expect(bus.listenerCount("event")).toBe(0);
  });
});
