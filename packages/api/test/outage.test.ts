import { describe, expect, it } from "vitest";
import type { LiveTransport } from "../src/index";
import { GITHUB_SECRET, startApiInstance, TOKENS } from "./support/api-harness";
import { pullRequestDelivery } from "./support/github-payloads";

/** A transport whose backing service is unreachable. */
const unreachable: LiveTransport = {
  publish: async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:1");
  },
  subscribe: async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:1");
  },
};

describe("when the live transport is unreachable", () => {
  it("still acknowledges webhooks, and answers API routes with a 500 that hides the cause", async () => {
    const instance = await startApiInstance({ live: unreachable, start: false });
    try {
      const delivery = await fetch(
        await pullRequestDelivery(
          `${instance.url}/api/v1/integrations/github/webhook`,
          GITHUB_SECRET,
          31,
        ),
      );
      expect(delivery.status).toBeLessThan(300);
      await instance.settle();
      expect((await instance.store.query({ limit: 10 })).events).toHaveLength(1);
      const read = await fetch(`${instance.url}/api/v1/events`, {
        headers: { authorization: `Bearer ${TOKENS.read}` },
      });
      expect(read.status).toBe(500);
      expect(await read.text()).not.toContain("ECONNREFUSED");
      expect(instance.errors.length).toBeGreaterThan(0);
    } finally {
      instance.errors.length = 0;
      await instance.close();
    }
  });
});
