import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryEventStore } from "../../store/memory-event-store";
import {
  createTestWebhookRequest,
  createTestWebhookSource,
} from "../../testing/test-webhook-source";
import { createWebhookHandler } from "../create-webhook-handler";
import { toNodeListener } from "./to-node-listener";

const SECRET = "It's a Secret to Everybody";
const request = (deliveryId = "d-1") =>
  createTestWebhookRequest({
    secret: SECRET,
    event: "issue",
    deliveryId,
    body: { action: "opened", id: "I-1", keys: ["test:issue:1"] },
  });

let server: Server | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
    server = undefined;
  }
});

async function listen(listener: RequestListener): Promise<{ base: string; port: number }> {
  server = createServer(listener);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, port };
}

/** A store, a handler on it, and a server running `toNodeListener(handler)`. */
async function serveHandler(options: { bodyTimeoutMs?: number } = {}) {
  const store = new MemoryEventStore();
  const handler = createWebhookHandler({
    sources: createTestWebhookSource({ secret: SECRET }),
    store,
    ...options,
  });
  const listener = toNodeListener(handler);
  const address = await listen((incoming, outgoing) => void listener(incoming, outgoing));
  return { store, handler, ...address };
}

/**
 * Writes raw bytes to the server and collects what comes back until the server closes
 * the connection (or `endAfterWrite` closes it from our side first).
 */
async function exchange(
  port: number,
  raw: string,
  options: { destroyAfterWrite?: boolean } = {},
): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const received: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => received.push(chunk));
  socket.on("error", () => undefined);
  socket.write(raw);
  if (options.destroyAfterWrite) {
    socket.destroy();
    return "";
  }
  await once(socket, "close");
  return Buffer.concat(received).toString("latin1");
}

/** A signed delivery posted over HTTP succeeds: the server is alive and well. */
async function expectServing(base: string, deliveryId: string) {
  const signed = request(deliveryId);
  const response = await fetch(`${base}/webhooks`, {
    method: "POST",
    headers: signed.headers,
    body: await signed.text(),
  });
  expect(response.status).toBe(200);
}

describe("toNodeListener", () => {
  it("serves the handler over node:http with the raw body intact", async () => {
    const { store, base } = await serveHandler();
    const signed = request();
    const ok = await fetch(`${base}/webhooks/test`, {
      method: "POST",
      headers: signed.headers,
      body: await signed.text(),
    });
    expect(ok.status).toBe(200);
    expect(store.size).toBe(1);
    const bad = await fetch(`${base}/webhooks/test`, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify({ action: "x", id: "forged" }),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toContain("application/json");
  });

  it("answers 405 to every other method, including ones Fetch cannot represent", async () => {
    const { store, port, base } = await serveHandler();
    for (const method of ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"]) {
      const answer = await exchange(
        port,
        `${method} /webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      expect(answer, method).toMatch(/^HTTP\/1\.1 405 /);
    }
    // Node's parser answers methods it does not know itself; the process lives on.
    const unknown = await exchange(
      port,
      "TRACK / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(unknown).toMatch(/^HTTP\/1\.1 (400|405) /);
    expect(store.size).toBe(0);
    await expectServing(base, "after-methods");
  });

  it("drops a body the client abandons mid-way without crashing or storing", async () => {
    const { store, port, base } = await serveHandler();
    const signed = request();
    const body = await signed.text();
    const head = [...signed.headers].map(([name, value]) => `${name}: ${value}\r\n`).join("");
    await exchange(
      port,
      `POST /webhooks HTTP/1.1\r\nHost: x\r\n${head}content-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      { destroyAfterWrite: true },
    );
    await expectServing(base, "after-abort");
    expect(store.size).toBe(1);
  });

  it("answers 408 and closes the connection when a body stalls past the deadline", async () => {
    const { store, port, base } = await serveHandler({ bodyTimeoutMs: 50 });
    const signed = request();
    const head = [...signed.headers]
      .filter(([name]) => name !== "content-length")
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    const answer = await exchange(
      port,
      `POST /webhooks HTTP/1.1\r\nHost: x\r\n${head}transfer-encoding: chunked\r\n\r\n5\r\n{"a":\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain("body_timeout");
    expect(store.size).toBe(0);
    await expectServing(base, "after-stall");
  });

  it("refuses an oversized chunked body with 413 and closes the connection", async () => {
    const store = new MemoryEventStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      maxBodyBytes: 1024,
    });
    const listener = toNodeListener(handler);
    const { port } = await listen((incoming, outgoing) => void listener(incoming, outgoing));
    const chunk = "x".repeat(4096);
    const answer = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-test-signature: a\r\ntransfer-encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("uses a raw Buffer body read by a framework, and refuses a parsed object", async () => {
    const store = new MemoryEventStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const listener = toNodeListener(handler);
    const signed = request();
    const text = await signed.text();
    let mode: "buffer" | "object" | "consumed" = "buffer";
    const { base } = await listen(async (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      // Simulate express.raw(), express.json(), and Fastify reading the stream itself.
      if (mode === "buffer") Object.assign(incoming, { body: raw });
      if (mode === "object") Object.assign(incoming, { body: JSON.parse(raw.toString()) });
      await listener(incoming, outgoing);
    });
    const post = () => fetch(base, { method: "POST", headers: signed.headers, body: text });
    expect((await post()).status).toBe(200);
    expect(store.size).toBe(1);
    for (const [setup, hint] of [
      ["object", "express.raw"],
      ["consumed", "parseAs: 'buffer'"],
    ] as const) {
      mode = setup;
      const refused = await post();
      expect(refused.status).toBe(500);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("raw_body_unavailable");
      expect(body.error.message).toContain(hint);
    }
  });

  it("never rejects, even when a plain Fetch handler throws or the method is odd", async () => {
    const logger = { error: vi.fn() };
    const listener = toNodeListener(
      async () => {
        throw new Error("handler bug");
      },
      { logger },
    );
    const { port, base } = await listen((incoming, outgoing) => {
      // The returned promise is deliberately not handled, as Express does.
      void listener(incoming, outgoing);
    });
    const failed = await fetch(base, { method: "POST", body: "x" });
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain("handler bug");
    expect(logger.error).toHaveBeenCalled();
    const trace = await exchange(port, "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(trace).toMatch(/^HTTP\/1\.1 400 /);
  });
});
