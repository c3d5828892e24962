import {
  BRANCH_TARGETS,
  type FieldTarget,
  NESTING_TARGETS,
  TEXT_TARGETS,
  TIME_TARGETS,
  URL_TARGETS,
} from "./field-targets";
import type { Labeled } from "./labeled";
import type { RawJson } from "./raw-json";
import {
  DEEP_ARRAY,
  IMPOSSIBLE_TIMES,
  LONG_BRANCH_NAMES,
  LONG_URLS,
  UNSTORABLE_TEXTS,
} from "./unstorable-values";

/** A kind of unstorable data and the fields it goes into. */
export interface UnstorableFamily {
  /** What it is, for test names. */
  name: string;
  /** Fields it fits. */
  targets: readonly FieldTarget[];
  /** The values. */
  contents: readonly Labeled[];
}

/**
 * Data that is odd but arrives in authentic, well-formed deliveries: it must be
 * acknowledged and kept (a 5xx makes the platform retry it forever, a 4xx loses it).
 */
export const UNSTORABLE_FAMILIES: readonly UnstorableFamily[] = [
  {
    name: "NUL and lone surrogates",
    targets: [...TEXT_TARGETS, ...BRANCH_TARGETS, ...URL_TARGETS],
    contents: UNSTORABLE_TEXTS,
  },
  {
    name: "1,000-character non-ASCII branch names",
    targets: BRANCH_TARGETS,
    contents: LONG_BRANCH_NAMES,
  },
  { name: "520-character non-ASCII URLs", targets: URL_TARGETS, contents: LONG_URLS },
  ...(["iso", "epoch-seconds", "slack-ts"] as const).map((format) => ({
    name: `impossible ${format} timestamps`,
    targets: TIME_TARGETS.filter((target) => target.format === format),
    contents: IMPOSSIBLE_TIMES[format],
  })),
];

/**
 * A 100,000-deep array in unknown and known fields. Refusing it (a 4xx, nothing stored)
 * is as acceptable as storing it: no platform sends one, and depth limits are a defence.
 */
export const DEEP_NESTING_FAMILY: UnstorableFamily & { contents: readonly Labeled<RawJson>[] } = {
  name: "a 100,000-deep array",
  targets: NESTING_TARGETS,
  contents: [DEEP_ARRAY],
};
