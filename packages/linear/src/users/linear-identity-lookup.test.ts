import { afterEach, beforeEach, expect, it } from "vitest";
import { createLinearClient, linearIdentityLookup } from "../index";
import { FAKE_LINEAR_API_KEY, type FakeLinearServer, startFakeLinearServer } from "../testing";

let linear: FakeLinearServer;
beforeEach(async () => {
  linear = await startFakeLinearServer({
    seed: {
      users: [
        { id: "u-ada", name: "Ada Lovelace", email: "ada@acme.test" },
        { id: "u-grace", name: "Grace Hopper", email: "grace@acme.test" },
      ],
    },
  });
});
afterEach(() => linear.close());

it("finds a Linear user's id by email in one query, ignoring case, and undefined for a stranger", async () => {
  const lookup = linearIdentityLookup(
    createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl, env: {} }),
  );
  const before = linear.requests.length;
  expect(await lookup("Grace@ACME.test")).toBe("u-grace");
  expect(await lookup("nobody@acme.test")).toBeUndefined();
  expect(linear.requests.length - before).toBe(2);
});

it("throws the client's error when Linear refuses the key", async () => {
  const lookup = linearIdentityLookup(
    createLinearClient({ apiKey: "lin_api_wrong", apiUrl: linear.apiUrl, env: {} }),
  );
  await expect(lookup("ada@acme.test")).rejects.toMatchObject({ platform: "linear" });
});
