import fc from "fast-check";
import { type Exchange, exchange } from "./exchange";
import { type FieldTarget, Placement } from "./field-targets";
import type { Labeled } from "./labeled";
import type { Receiver } from "./receiver";
import { freshPayload, signedFixtureRequest, withFreshDeliveryIds } from "./signed-request";

/** Every target with every content: the cross product, for `examples`. */
export function everyPlacement<T>(
  targets: readonly FieldTarget[],
  contents: readonly Labeled<T>[],
): [Placement<T>][] {
  return contents.flatMap((content) =>
    targets.map((target): [Placement<T>] => [new Placement(target, content)]),
  );
}

/** A random target with a random content. */
export function somePlacement<T>(
  targets: readonly FieldTarget[],
  contents: readonly Labeled<T>[],
): fc.Arbitrary<Placement<T>> {
  return fc
    .tuple(fc.constantFrom(...targets), fc.constantFrom(...contents))
    .map(([target, content]) => new Placement(target, content));
}

/**
 * Sends the placement's payload (its fixture with the content in the target field),
 * signed, through `receiver`. Slack's delivery ids live in the payload; they are renewed
 * so that a store shared between requests never sees a repeat.
 */
export async function deliverPlacement(
  receiver: Receiver,
  placement: Placement,
): Promise<Exchange> {
  const { fixture } = placement.target;
  const payload = placement.target.fill(
    withFreshDeliveryIds(freshPayload(fixture)),
    placement.content.value,
  );
  return exchange(receiver, await signedFixtureRequest(fixture, payload));
}
