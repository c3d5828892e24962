import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { EdgeVM } from "@edge-runtime/vm";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

const SECRET = "edge-webhook-secret";
const require = createRequire(import.meta.url);

/** GitHub's published `pull_request` example (opened), as GitHub sends it. */
function pullRequestOpened(): string {
  const groups = require("@octokit/webhooks-examples/api.github.com/index.json") as {
    name: string;
    examples: Record<string, unknown>[];
  }[];
  const examples = groups.find((group) => group.name === "pull_request")!.examples;
  return JSON.stringify(examples.find((example) => example.action === "opened"));
}

/** Headers of a GitHub delivery, signed with GitHub's scheme here in Node. */
function githubHeaders(body: string, deliveryId: string, secret = SECRET): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/edge-test",
    "x-github-event": "pull_request",
    "x-github-delivery": deliveryId,
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
  };
}

interface Delivered {
  status: number;
  body: string;
  events: { id: string; type: string; deliveryId: string; keys: string[]; refs: string[] }[];
}

interface EdgeApi {
  setUp(secret: string): void;
  runtime(): string;
  deliver(body: string, headers: Record<string, string>): Promise<string>;
}

describe("the webhook handler in an edge runtime", () => {
  let edge: EdgeApi;

  beforeAll(async () => {
    // Bundled for the browser platform, as an edge bundler does: no Node built-ins
    // resolve, so any static node:* import left on the handler's path fails the build.
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL("./edge-entry.ts", import.meta.url))],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2022",
      conditions: ["@contexten/source"],
      logLevel: "silent",
    });
    const vm = new EdgeVM();
    vm.evaluate(bundle.outputFiles[0]!.text);
    edge = vm.evaluate<EdgeApi>("globalThis.contextenEdge");
    edge.setUp(SECRET);
  }, 60_000);

  it("runs where there is Web Crypto but no process, Buffer or node:crypto", () => {
    expect(JSON.parse(edge.runtime())).toEqual({
      process: "undefined",
      buffer: "undefined",
      subtle: "function",
    });
  });

  it("verifies a signed delivery with Web Crypto and stores it, with the ids and keys Node derives", async () => {
    const body = pullRequestOpened();
    const delivered = JSON.parse(
      await edge.deliver(body, githubHeaders(body, "edge-delivery-1")),
    ) as Delivered;
    expect(delivered.status, delivered.body).toBe(200);
    expect(delivered.events).toHaveLength(1);
    const [event] = delivered.events;
    expect(event).toMatchObject({
      type: "github.pull_request.opened",
      deliveryId: "edge-delivery-1",
    });
    expect(event!.keys).toContain("github:pr:codertocat/hello-world#2");

    // The same delivery through the handler on Node (node:crypto, native SHA-256) yields
    // the same event: ids and bounded keys hash the same with the pure JavaScript SHA-256.
    const store = new MemoryEventStore();
    const node = createWebhookHandler({ sources: [githubWebhooks({ secret: SECRET })], store });
    const request = new Request("https://node.example/webhooks/github", {
      method: "POST",
      headers: githubHeaders(body, "edge-delivery-1"),
      body,
    });
    expect((await node(request)).status).toBe(200);
    const { events } = await store.query({});
    expect(events.map(({ id, keys }) => ({ id, keys }))).toEqual([
      { id: event!.id, keys: event!.keys },
    ]);
  });

  it("refuses a wrong or tampered signature with 401 and stores nothing; dedupes a redelivery", async () => {
    const body = pullRequestOpened();
    const before = (
      JSON.parse(await edge.deliver(body, githubHeaders(body, "edge-delivery-1"))) as Delivered
    ).events.length;
    for (const headers of [
      githubHeaders(body, "edge-delivery-2", "another-secret"),
      githubHeaders(`${body} `, "edge-delivery-3"),
      { ...githubHeaders(body, "edge-delivery-4"), "x-hub-signature-256": "sha256=zz" },
    ]) {
      const delivered = JSON.parse(await edge.deliver(body, headers)) as Delivered;
      expect(delivered.status, delivered.body).toBe(401);
      expect(delivered.events).toHaveLength(before);
    }
    // The redelivery of edge-delivery-1 above was acked and stored nothing new.
    expect(before).toBe(1);
  });
});
