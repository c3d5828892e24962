import fc from "fast-check";
import { describe, it } from "vitest";
import { expectStored, expectStoredOrRefused } from "../src/exchange";
import { fuzzParameters } from "../src/fuzz-settings";
import { deliverPlacement, everyPlacement, somePlacement } from "../src/placements";
import { cleanReceiver } from "../src/receiver";
import { DEEP_NESTING_FAMILY, UNSTORABLE_FAMILIES } from "../src/unstorable-families";

// Every family goes through every field it fits, then a few random pairs.
describe("unstorable data in authentic deliveries (memory store)", () => {
  it.each(UNSTORABLE_FAMILIES.map((family) => [family.name, family] as const))(
    "%s are stored",
    async (_name, { targets, contents }) => {
      await fc.assert(
        fc.asyncProperty(somePlacement(targets, contents), async (placement) => {
          const receiver = cleanReceiver();
          await expectStored(receiver, await deliverPlacement(receiver, placement));
        }),
        fuzzParameters(10, { examples: everyPlacement(targets, contents) }),
      );
    },
  );

  it(`${DEEP_NESTING_FAMILY.name} is stored or refused with a 4xx, never a 5xx`, async () => {
    const { targets, contents } = DEEP_NESTING_FAMILY;
    await fc.assert(
      fc.asyncProperty(somePlacement(targets, contents), async (placement) => {
        const receiver = cleanReceiver();
        await expectStoredOrRefused(receiver, await deliverPlacement(receiver, placement));
      }),
      fuzzParameters(3, { examples: everyPlacement(targets, contents) }),
    );
  });
});
