import fc from "fast-check";
import { describe, it } from "vitest";
import { exchange, expectStoredOrRefused } from "../src/exchange";
import { FIELDS_READ } from "../src/fields-read";
import {
  fixtureNamed,
  GITHUB_FIXTURES,
  LINEAR_FIXTURES,
  NORMALIZED_GITHUB_EVENTS,
  type PayloadFixture,
  SLACK_FIXTURES,
} from "../src/fixtures";
import { fuzzParameters } from "../src/fuzz-settings";
import { labeledAsJson } from "../src/labeled";
import { PayloadMutation, payloadMutation } from "../src/payload-mutation";
import { cleanReceiver, type Platform } from "../src/receiver";
import { freshPayload, signedFixtureRequest } from "../src/signed-request";
import { wrongTypeValue } from "../src/wrong-types";

function mutations(
  platform: Platform,
  fixtures: readonly PayloadFixture[],
): fc.Arbitrary<PayloadMutation> {
  const values = wrongTypeValue();
  if (platform !== "github") return payloadMutation(fixtures, FIELDS_READ[platform], values);
  const normalized = fixtures.filter((fixture) => NORMALIZED_GITHUB_EVENTS.has(fixture.event!));
  return fc.oneof(
    { weight: 3, arbitrary: payloadMutation(normalized, FIELDS_READ.github, values) },
    { weight: 1, arbitrary: payloadMutation(fixtures, FIELDS_READ.github, values) },
  );
}

/** Wrong types reported from real attacks, always run first. */
function knownCases(platform: Platform): [PayloadMutation][] {
  const at = (fixture: string, path: (string | number)[], value: unknown): [PayloadMutation] => [
    new PayloadMutation(fixtureNamed(fixture), path, labeledAsJson(value)),
  ];
  switch (platform) {
    case "github":
      return [
        at("github check_run.completed #1", ["check_run", "pull_requests"], { "0": {} }),
        at("github pull_request.opened #0", ["pull_request", "head"], "main"),
        at("github push #0", ["commits"], { message: "x" }),
      ];
    case "slack":
      return [
        at("slack event-message", ["event", "text"], 42),
        at("slack event-message", ["event", "subtype"], 7),
        at("slack event-message", ["event", "attachments"], "not a list"),
        at("slack event-message", ["event", "attachments"], [null]),
        at("slack interaction-block-actions", ["actions"], { action_id: "approve" }),
      ];
    case "linear":
      return [
        at("linear issue-create", ["data"], "ENG-123"),
        at("linear issue-update-status", ["updatedFrom"], [null]),
        at("linear issue-create", ["data", "previousIdentifiers"], { "0": "ENG-1" }),
      ];
  }
}

const CASES = [
  ["github", GITHUB_FIXTURES, 800],
  ["slack", SLACK_FIXTURES, 400],
  ["linear", LINEAR_FIXTURES, 400],
] as const;

describe.each(CASES)("%s payloads with wrong types, signed", (platform, fixtures, runs) => {
  it("are stored whole or refused with a 4xx, never a 5xx, fast, without leaks", async () => {
    await fc.assert(
      fc.asyncProperty(mutations(platform, fixtures), async (mutation) => {
        const receiver = cleanReceiver();
        const payload = mutation.apply(freshPayload(mutation.fixture));
        const answer = await exchange(
          receiver,
          await signedFixtureRequest(mutation.fixture, payload),
        );
        // The body is authentic: only Linear's signed timestamp, when the mutation hits it,
        // may make the signature check fail.
        const timestampHit =
          platform === "linear" &&
          (mutation.path.length === 0 || mutation.path[0] === "webhookTimestamp");
        if (answer.status === 401 && !timestampHit) {
          throw new Error(`an authentic delivery was refused as unsigned: ${answer.body}`);
        }
        await expectStoredOrRefused(receiver, answer);
      }),
      fuzzParameters(runs, { examples: knownCases(platform) }),
    );
  });
});
