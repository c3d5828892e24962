import { afterEach, beforeEach, expect, it } from "vitest";
import { slackIdentityLookup } from "../index";
import { createFakeSlackClient, type FakeSlackServer, startFakeSlackServer } from "../testing";

let slack: FakeSlackServer;
beforeEach(async () => {
  slack = await startFakeSlackServer({
    users: [{ id: "U0ADA", name: "ada", email: "Ada@acme.test", realName: "Ada Lovelace" }],
  });
});
afterEach(() => slack.close());

it("finds a member's id by email with users.lookupByEmail, and undefined for an unknown address", async () => {
  const lookup = slackIdentityLookup(createFakeSlackClient(slack));
  expect(await lookup("ada@acme.test")).toBe("U0ADA");
  expect(await lookup("nobody@acme.test")).toBeUndefined();
  expect(slack.calls("users.lookupByEmail").map((call) => call.params.email)).toEqual([
    "ada@acme.test",
    "nobody@acme.test",
  ]);
});

it("reports other errors, and a post to the member's id lands in their direct messages", async () => {
  const client = createFakeSlackClient(slack);
  await expect(slackIdentityLookup(client)("")).rejects.toMatchObject({
    platformCode: "invalid_arguments",
  });
  const posted = await client.postMessage({ channel: "U0ADA", text: "Your review is requested" });
  expect(posted.channel).toBe("D0ADA");
  expect(slack.state.messages("D0ADA").map((message) => message.text)).toEqual([
    "Your review is requested",
  ]);
  await expect(client.postMessage({ channel: "U0NOBODY", text: "x" })).rejects.toMatchObject({
    platformCode: "channel_not_found",
  });
});
