import { afterEach, expect, it } from "vitest";
import { type FakeGitHubServer, startFakeGitHubServer } from "../index";

let github: FakeGitHubServer | undefined;
afterEach(() => github?.close());

it("refuses content creation over 80 a minute with GitHub's secondary-limit 403, rolling", async () => {
  let now = Date.UTC(2030, 0, 1);
  const clock = { now: () => now, setTimeout, clearTimeout };
  github = await startFakeGitHubServer({
    clock: clock as never,
    repositories: [{ fullName: "acme/api", issues: [{ title: "One" }] }],
    secondaryRateLimit: { contentPerMinute: 3, restPointsPerMinute: 100 },
  });
  const comment = () =>
    fetch(`${github!.url}/repos/acme/api/issues/1/comments`, {
      method: "POST",
      headers: { authorization: "token t", "content-type": "application/json" },
      body: JSON.stringify({ body: "hi" }),
    });
  const statuses = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await comment()).status);
  expect(statuses).toEqual([201, 201, 201, 403]);
  const refused = await comment();
  expect(refused.headers.get("retry-after")).toBe("60");
  expect(await refused.json()).toMatchObject({ message: expect.stringContaining("secondary") });
  expect(github.secondaryRefusals.contentMinute).toBe(2);
  now += 60_001; // the oldest ones leave the rolling minute
  expect((await comment()).status).toBe(201);
  // A write costs 5 points: the one in this minute leaves 95 of 100 for reads.
  const reads = [];
  for (let i = 0; i < 96; i += 1) {
    reads.push(
      (await fetch(`${github!.url}/repos/acme/api`, { headers: { authorization: "token t" } }))
        .status,
    );
  }
  expect(reads.filter((status) => status === 403)).toHaveLength(1);
  expect(github.secondaryRefusals.points).toBe(1);
});
