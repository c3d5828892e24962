import fc from "fast-check";
import { describe, it } from "vitest";
import { exchange, expectRefused, expectStoredOrRefused } from "../src/exchange";
import { fuzzParameters } from "../src/fuzz-settings";
import {
  garbageBody,
  nonObjectJson,
  RequestSpec,
  strangerRequest,
  truncatedPayload,
} from "../src/garbage-requests";
import { Labeled } from "../src/labeled";
import { cleanReceiver, type Platform } from "../src/receiver";
import { signedRawRequest } from "../src/signed-request";

const PLATFORMS: readonly Platform[] = ["github", "slack", "linear"];

describe("requests from strangers (no valid signature)", () => {
  it("are refused with a 4xx and leave nothing in the store", async () => {
    await fc.assert(
      fc.asyncProperty(strangerRequest(), async (spec) => {
        const receiver = cleanReceiver();
        await expectRefused(receiver, await exchange(receiver, spec.toRequest()));
      }),
      fuzzParameters(400, {
        examples: [
          [new RequestSpec("GET", "/", [], undefined)],
          [new RequestSpec("OPTIONS", "/webhooks", [["origin", "http://evil.example"]], undefined)],
          [new RequestSpec("POST", "/", [["x-hub-signature-256", "sha256="]], undefined)],
          [
            new RequestSpec(
              "POST",
              "/",
              [
                ["x-github-event", "push"],
                ["content-type", "application/json"],
                ["content-length", "abc"],
              ],
              new Labeled("{}", "{}"),
            ),
          ],
        ],
      }),
    );
  });
});

describe("authentic deliveries that are not payloads", () => {
  it("(cut off, random bytes, JSON that is no object) are refused with a 4xx, nothing stored", async () => {
    const body = fc.oneof(garbageBody(), truncatedPayload(), nonObjectJson());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PLATFORMS),
        body,
        fc.constantFrom("application/json", "application/x-www-form-urlencoded"),
        async (platform, body, contentType) => {
          const receiver = cleanReceiver();
          const request = await signedRawRequest(platform, body.value, { contentType });
          await expectRefused(receiver, await exchange(receiver, request));
        },
      ),
      fuzzParameters(300),
    );
  });

  it("(JSON objects of any shape) are stored whole or refused, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PLATFORMS),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        async (platform, payload) => {
          const receiver = cleanReceiver();
          const body = JSON.stringify(
            platform === "linear" ? { ...payload, webhookTimestamp: Date.now() } : payload,
          );
          const request = await signedRawRequest(platform, body);
          await expectStoredOrRefused(receiver, await exchange(receiver, request));
        },
      ),
      fuzzParameters(300),
    );
  });
});
