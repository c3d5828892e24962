import fc from "fast-check";
import type { PayloadFixture } from "./fixtures";
import { formatPath, type JsonPath, objectPathsOf, pathsOf, replaceAt } from "./json-paths";
import type { Labeled } from "./labeled";

/** One change to a real payload: a value put at a path (replacing or adding a field). */
export class PayloadMutation {
  /**
   * @param fixture The payload changed.
   * @param path Where the value goes.
   * @param value What goes there.
   */
  constructor(
    readonly fixture: PayloadFixture,
    readonly path: JsonPath,
    readonly value: Labeled,
  ) {}

  /** `payload` (a fresh copy of the fixture's) with the value put in. */
  apply(payload: Record<string, unknown>): unknown {
    return replaceAt(payload, this.path, this.value.value);
  }

  /** Used by fast-check when it prints a counterexample. */
  [fc.toStringMethod](): string {
    return `${this.fixture.name}: ${formatPath(this.path)} = ${this.value.label}`;
  }
}

const pathCache = new WeakMap<PayloadFixture, { all: JsonPath[]; objects: JsonPath[] }>();

function pathsOfFixture(fixture: PayloadFixture): { all: JsonPath[]; objects: JsonPath[] } {
  let paths = pathCache.get(fixture);
  if (!paths) {
    paths = { all: pathsOf(fixture.payload), objects: objectPathsOf(fixture.payload) };
    pathCache.set(fixture, paths);
  }
  return paths;
}

/**
 * A mutation of one of `fixtures`: either any location of the payload (a leaf, an object,
 * an array, the root) replaced with `values`, or one of `fieldsRead` (fields the
 * normalizers read, which a given payload may not have) added to any object in it.
 */
export function payloadMutation(
  fixtures: readonly PayloadFixture[],
  fieldsRead: readonly string[],
  values: fc.Arbitrary<Labeled>,
): fc.Arbitrary<PayloadMutation> {
  return fc.constantFrom(...fixtures).chain((fixture) => {
    const { all, objects } = pathsOfFixture(fixture);
    return fc
      .oneof(
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...all), values) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(...objects), fc.constantFrom(...fieldsRead), values)
            .map(([at, field, value]): [JsonPath, Labeled] => [[...at, field], value]),
        },
      )
      .map(([path, value]) => new PayloadMutation(fixture, path, value));
  });
}
