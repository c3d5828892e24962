import {
  ConfigurationError,
  type CorrelatedEvent,
  createEventBus,
  createWebhookHandler,
  type ErrorInfo,
  MemoryEventStore,
  WebhookVerificationError,
} from "@contexten/core";
import { verify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { examplesOf, webhookExamples } from "../__fixtures__/webhook-examples";
import { createGitHubWebhookRequest, signGitHubWebhook } from "../testing/github-webhook-request";
import { githubWebhooks } from "./github-webhook-source";

const secret = "It's a Secret to Everybody";

interface ErrorBody {
  error: { code: string; message: string };
}

function setup(options: { secrets?: string[] } = {}) {
  const source = githubWebhooks(options.secrets ? { secrets: options.secrets } : { secret });
  const store = new MemoryEventStore();
  const processed: CorrelatedEvent[] = [];
  const errors: ErrorInfo[] = [];
  const handler = createWebhookHandler({
    sources: [source],
    store,
    instrumentation: { onError: (info) => errors.push(info) },
    logger: { error: () => {} },
    onEvent: async (event) => {
      processed.push(event);
      await source.dispatch(event);
    },
  });
  return { source, store, processed, errors, handler };
}

const pullRequestOpened = () =>
  examplesOf("pull_request").find((payload) => payload.action === "opened")!;

async function signedRequest(body: string, headers: Record<string, string>, signWith = secret) {
  return new Request("http://127.0.0.1/webhooks/github", {
    method: "POST",
    headers: { "x-hub-signature-256": await signGitHubWebhook(signWith, body), ...headers },
    body,
  });
}

describe("GitHub's published signature test vector", () => {
  const payload = "Hello, World!";
  const expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  it("is what @octokit/webhooks-methods signs", async () => {
    expect(await signGitHubWebhook(secret, payload)).toBe(expected);
    expect(await verify(secret, payload, expected)).toBe(true);
  });

  it("passes contexten's verification, and a one-character change fails it", async () => {
    const { source } = setup();
    const request = (signature: string) => ({
      method: "POST",
      url: new URL("http://127.0.0.1/"),
      headers: new Headers({ "x-hub-signature-256": signature }),
      rawBody: new TextEncoder().encode(payload),
      text: payload,
      contentType: "application/json",
      receivedAt: new Date(),
    });
    expect(() => source.verify(request(expected))).not.toThrow();
    const error = (() => {
      try {
        source.verify(request(expected.replace(/e17$/, "e18")));
      } catch (caught) {
        return caught;
      }
    })();
    expect(WebhookVerificationError.isInstance(error)).toBe(true);
  });
});

describe("GitHub webhooks through createWebhookHandler", () => {
  it("stores and acknowledges a signed delivery, then runs handlers after the ack", async () => {
    const { handler, store, processed } = setup();
    const response = await handler(
      await createGitHubWebhookRequest({
        secret,
        event: "pull_request",
        payload: pullRequestOpened(),
        deliveryId: "d-1",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, deliveryId: "d-1", events: 1 });
    await handler.drain();
    expect(store.size).toBe(1);
    expect(processed.map((event) => event.type)).toEqual(["github.pull_request.opened"]);
  });

  it("answers 401 and stores nothing for a wrong or missing signature", async () => {
    const { handler, store, processed } = setup();
    const wrong = await createGitHubWebhookRequest({
      secret: "not the secret",
      event: "pull_request",
      payload: pullRequestOpened(),
    });
    const missing = await createGitHubWebhookRequest({
      secret,
      event: "pull_request",
      payload: pullRequestOpened(),
    });
    missing.headers.delete("x-hub-signature-256");
    for (const request of [wrong, missing]) {
      const response = await handler(request);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe("webhook_verification_failed");
    }
    await handler.drain();
    expect(store.size).toBe(0);
    expect(processed).toEqual([]);
    expect(await store.recordDelivery("github", wrong.headers.get("x-github-delivery")!)).toBe(
      true,
    );
  });

  it("processes a replayed delivery id once", async () => {
    const { handler, store, processed } = setup();
    const send = async () =>
      handler(
        await createGitHubWebhookRequest({
          secret,
          event: "push",
          payload: examplesOf("push")[0],
          deliveryId: "same",
        }),
      );
    const first = await send();
    const second = await send();
    const third = await send();
    await handler.drain();
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(await second.json()).toMatchObject({ ok: true, duplicate: true, deliveryId: "same" });
    expect(processed).toHaveLength(1);
    expect(store.size).toBe(1);
  });

  it("answers 400 and stores nothing for missing headers or a malformed body", async () => {
    const { handler, store } = setup();
    const body = JSON.stringify(pullRequestOpened());
    const cases: [string, Request][] = [
      [
        "no X-GitHub-Event",
        await signedRequest(body, { "content-type": "application/json", "x-github-delivery": "a" }),
      ],
      [
        "no X-GitHub-Delivery",
        await signedRequest(body, { "content-type": "application/json", "x-github-event": "push" }),
      ],
      [
        "bad event name",
        await signedRequest(body, {
          "content-type": "application/json",
          "x-github-event": "Push!",
          "x-github-delivery": "b",
        }),
      ],
      [
        "not JSON",
        await signedRequest("{not json", {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": "c",
        }),
      ],
      [
        "a JSON array",
        await signedRequest("[1]", {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": "d",
        }),
      ],
      [
        "a form without payload=",
        await signedRequest("other=1", {
          "content-type": "application/x-www-form-urlencoded",
          "x-github-event": "push",
          "x-github-delivery": "e",
        }),
      ],
    ];
    for (const [name, request] of cases) {
      const response = await handler(request);
      expect(response.status, name).toBe(400);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code, name).toBe("validation_failed");
    }
    await handler.drain();
    expect(store.size).toBe(0);
  });

  it("refuses other content types with 415", async () => {
    const { handler } = setup();
    const response = await handler(
      await signedRequest("hello", { "content-type": "text/plain", "x-github-event": "push" }),
    );
    expect(response.status).toBe(415);
  });

  it("accepts form-encoded deliveries (payload=) and stores the same event as JSON", async () => {
    const json = setup();
    const form = setup();
    const payload = pullRequestOpened();
    await json.handler(
      await createGitHubWebhookRequest({ secret, event: "pull_request", payload, deliveryId: "f" }),
    );
    const response = await form.handler(
      await createGitHubWebhookRequest({
        secret,
        event: "pull_request",
        payload,
        deliveryId: "f",
        contentType: "form",
      }),
    );
    expect(response.status).toBe(200);
    const [fromJson] = (await json.store.query({})).events;
    const [fromForm] = (await form.store.query({})).events;
    expect(fromForm!.id).toBe(fromJson!.id);
    expect(fromForm!.keys).toEqual(fromJson!.keys);
    expect(fromForm!.refs).toEqual(fromJson!.refs);
  });

  it("answers ping as a control message and stores nothing", async () => {
    const { handler, store } = setup();
    const payload = examplesOf("ping")[0]!;
    const response = await handler(
      await createGitHubWebhookRequest({ secret, event: "ping", payload }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, zen: payload.zen, hookId: payload.hook_id });
    expect(store.size).toBe(0);
  });

  it("verifies with any secret during a rotation", async () => {
    const { handler } = setup({ secrets: ["new-secret", "old-secret"] });
    for (const signer of ["new-secret", "old-secret"]) {
      const response = await handler(
        await createGitHubWebhookRequest({
          secret: signer,
          event: "star",
          payload: examplesOf("star")[0],
        }),
      );
      expect(response.status).toBe(200);
    }
    const stale = await handler(
      await createGitHubWebhookRequest({
        secret: "older-secret",
        event: "star",
        payload: examplesOf("star")[0],
      }),
    );
    expect(stale.status).toBe(401);
  });

  it("stores every other event instead of rejecting it", async () => {
    const { handler, store } = setup();
    const others = webhookExamples().filter((group) => !["ping"].includes(group.name));
    for (const group of others) {
      const response = await handler(
        await createGitHubWebhookRequest({
          secret,
          event: group.name,
          payload: group.examples[0],
          deliveryId: group.name,
        }),
      );
      expect(response.status, group.name).toBe(200);
    }
    expect(store.size).toBe(others.length);
    const types = (await store.query({ limit: 100 })).events.map((event) => event.type);
    expect(types).toContain("github.watch.started");
    expect(types).toContain("github.fork.received");
  });
});

describe("typed handlers", () => {
  it("run for the action, then the event, then *, with typed payloads", async () => {
    const { handler, source } = setup();
    const calls: string[] = [];
    source.on("pull_request.opened", ({ payload }) => {
      calls.push(`opened #${payload.pull_request.number} ${payload.action}`);
    });
    source.on("pull_request", ({ action, event }) => {
      calls.push(`pull_request ${action} ${event.type}`);
    });
    source.on("*", ({ name }) => {
      calls.push(`* ${name}`);
    });
    source.on("push", () => {
      calls.push("push");
    });
    const payload = pullRequestOpened();
    await handler(await createGitHubWebhookRequest({ secret, event: "pull_request", payload }));
    await handler.drain();
    expect(calls).toEqual([
      `opened #${(payload.pull_request as { number: number }).number} opened`,
      "pull_request opened github.pull_request.opened",
      "* pull_request",
    ]);
  });

  it("fire pull_request.closed for a merge, whose event type is github.pull_request.merged", async () => {
    const { handler, source } = setup();
    const seen: string[] = [];
    source.on("pull_request.closed", ({ event, payload }) => {
      seen.push(`${event.type} merged=${payload.pull_request.merged}`);
    });
    const payload = examplesOf("pull_request").find((candidate) => candidate.action === "closed")!;
    (payload.pull_request as Record<string, unknown>).merged = true;
    await handler(await createGitHubWebhookRequest({ secret, event: "pull_request", payload }));
    await handler.drain();
    expect(seen).toEqual(["github.pull_request.merged merged=true"]);
  });

  it("keep running when one throws; the failure is reported after the ack", async () => {
    const { handler, source, errors } = setup();
    const ran: string[] = [];
    source.on("star", () => {
      throw new Error("boom");
    });
    source.on("*", () => {
      ran.push("*");
    });
    const response = await handler(
      await createGitHubWebhookRequest({ secret, event: "star", payload: examplesOf("star")[0] }),
    );
    expect(response.status).toBe(200);
    await handler.drain();
    expect(ran).toEqual(["*"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.phase).toBe("webhook.post-ack");
    expect((errors[0]!.error as Error).message).toContain("boom");
  });

  it("can be removed, refuse bad names and ignore other platforms' events", async () => {
    const { source } = setup();
    const calls: string[] = [];
    const remove = source.on("*", () => {
      calls.push("x");
    });
    const event = {
      platform: "slack",
      type: "slack.message.sent",
      payload: {},
    } as unknown as CorrelatedEvent;
    await source.dispatch(event);
    remove();
    expect(source.handlers.size).toBe(0);
    expect(calls).toEqual([]);
    expect(() => source.on("Pull Request", () => {})).toThrowError(/not a GitHub webhook name/);
  });
});

describe("configuration", () => {
  it("reads GITHUB_WEBHOOK_SECRET, or explains what to set", async () => {
    const source = githubWebhooks({ env: { GITHUB_WEBHOOK_SECRET: "from-env,older" } });
    const bus = createEventBus();
    const handler = createWebhookHandler({ sources: [source], store: new MemoryEventStore(), bus });
    const response = await handler(
      await createGitHubWebhookRequest({
        secret: "older",
        event: "star",
        payload: examplesOf("star")[0],
      }),
    );
    expect(response.status).toBe(200);
    const error = (() => {
      try {
        githubWebhooks({ env: {} });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("GITHUB_WEBHOOK_SECRET");
  });
});
