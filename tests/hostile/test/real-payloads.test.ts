import { describe, it } from "vitest";
import { exchange, expectStored } from "../src/exchange";
import { GITHUB_FIXTURES, LINEAR_FIXTURES, SLACK_FIXTURES } from "../src/fixtures";
import { cleanReceiver } from "../src/receiver";
import { signedFixtureRequest } from "../src/signed-request";

// The ground the fuzz stands on: every real payload, signed as its platform signs it, is
// stored whole. If signing or the fixtures broke, this fails instead of every mutation
// "passing" with a 401.
describe("every real payload, signed, is acknowledged and stored", () => {
  for (const [platform, fixtures] of [
    ["github", GITHUB_FIXTURES],
    ["slack", SLACK_FIXTURES],
    ["linear", LINEAR_FIXTURES],
  ] as const) {
    it(`${platform} (${fixtures.length} payloads)`, async () => {
      for (const fixture of fixtures) {
        const receiver = cleanReceiver();
        const answer = await exchange(receiver, await signedFixtureRequest(fixture));
        await expectStored(receiver, answer).catch((error: Error) => {
          throw new Error(`${fixture.name}: ${error.message}`);
        });
      }
    });
  }
});
