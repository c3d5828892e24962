import fc from "fast-check";
import { describe, it } from "vitest";
import { expectStored } from "../src/exchange";
import { Placement, TEXT_TARGETS } from "../src/field-targets";
import { fuzzParameters } from "../src/fuzz-settings";
import { Labeled } from "../src/labeled";
import { PATHOLOGICAL_TEXTS } from "../src/pathological-texts";
import { deliverPlacement, everyPlacement, somePlacement } from "../src/placements";
import { cleanReceiver } from "../src/receiver";

// The four shapes found blocking the event loop go through every text field; the other
// shapes through random ones, after a random prefix.
const FOUND = PATHOLOGICAL_TEXTS.slice(0, 4);

async function deliver(placement: Placement<string>): Promise<void> {
  const receiver = cleanReceiver();
  await expectStored(receiver, await deliverPlacement(receiver, placement));
}

describe("64 KiB pathological texts in titles, bodies, messages and descriptions", () => {
  // One slow case blocks the event loop, so vitest's own timeout cannot interrupt it: the
  // limit is set past the slowest known case so the report names the case and its time.
  it("are stored and answered within the deadline", { timeout: 120_000 }, async () => {
    const prefixed = fc
      .tuple(somePlacement(TEXT_TARGETS, PATHOLOGICAL_TEXTS), fc.string({ maxLength: 12 }))
      .map(
        ([placement, prefix]) =>
          new Placement(
            placement.target,
            new Labeled(
              `${JSON.stringify(prefix)} + ${placement.content.label}`,
              prefix + placement.content.value,
            ),
          ),
      );
    await fc.assert(
      fc.asyncProperty(prefixed, deliver),
      fuzzParameters(60, { examples: everyPlacement(TEXT_TARGETS, FOUND), endOnFailure: true }),
    );
  });
});
