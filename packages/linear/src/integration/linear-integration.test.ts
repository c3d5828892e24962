import { MemoryEventStore } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "../testing/fake-linear-server";
import { createLinearWebhookRequest } from "../testing/linear-webhook-request";
import { fixture } from "../webhooks/__fixtures__/fixtures";
import { createLinearIntegration } from "./linear-integration";

const secret = "linear-integration-secret";

describe("LinearIntegration", () => {
  let fake: FakeLinearServer;
  beforeEach(async () => {
    fake = await startFakeLinearServer();
  });
  afterEach(() => fake.close());

  it("creates the client and the issue tracker on first use, on the same client", async () => {
    const linear = createLinearIntegration({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: fake.apiUrl,
      env: {},
      defaultTeam: "ENG",
    });
    expect(fake.operations).toEqual([]);
    expect(linear.platform).toBe("linear");
    expect(await linear.authenticate()).toMatchObject({ authenticated: true });
    const created = await linear.issueTracker.createIssue({ title: "Crash on save" });
    expect(created.key).toMatch(/^ENG-\d+$/);
    expect(linear.issueTracker.client).toBe(linear.client);
  });

  it("receives webhooks without an API key, and needs a secret only for them", async () => {
    const linear = createLinearIntegration({ secret, env: {} });
    const store = new MemoryEventStore();
    const handler = linear.createWebhookHandler({ store });
    const payload = fixture("issue-create");
    const response = await handler(createLinearWebhookRequest({ payload, secret }));
    expect(response.status).toBe(200);
    await handler.drain();
    expect(store.size).toBeGreaterThan(0);
    expect(() => linear.client).toThrow(/set LINEAR_API_KEY or pass apiKey/);
    expect(() => createLinearIntegration({ env: {} }).webhooks).toThrow(
      /set LINEAR_WEBHOOK_SECRET or pass secret/,
    );
  });
});
