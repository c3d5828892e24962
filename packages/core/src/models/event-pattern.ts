import { z } from "zod";
import type { CorrelatedEvent } from "./correlated-event";
import { platformSchema } from "./platform";

const primitive = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * How one payload field must look. A bare value means equality; the object forms allow
 * one-of, existence, inequality and regular expressions.
 */
export const fieldMatcherSchema = z.union([
  primitive,
  z.object({ in: z.array(primitive).min(1) }).strict(),
  z.object({ notEquals: primitive }).strict(),
  z.object({ exists: z.boolean() }).strict(),
  z
    .object({
      matches: z.string().refine(isValidRegExp, "matches must be a valid regular expression"),
    })
    .strict(),
]);

/** See {@link fieldMatcherSchema}. */
export type FieldMatcher = z.infer<typeof fieldMatcherSchema>;

const typeGlob = z
  .string()
  .regex(
    /^(\*\*|\*|[a-z0-9_-]+)(\.(\*\*|\*|[a-z0-9_-]+))*$/,
    'type pattern must be dot-separated segments, "*" or "**", e.g. "github.pull_request.*"',
  );

/**
 * Selects events. Every given criterion must hold (AND); list values are alternatives (OR).
 *
 * - `type`: a type glob. `*` matches exactly one segment, `**` matches any number of
 *   segments: `github.pull_request.*` matches `github.pull_request.opened`,
 *   `github.**` matches every GitHub event.
 * - `platform`: one platform or a list.
 * - `payload`: dotted paths into the raw payload and what they must hold, e.g.
 *   `{ "pull_request.draft": false, "action": { in: ["opened", "reopened"] } }`.
 */
export const eventPatternSchema = z
  .object({
    /** Type glob or list of globs. */
    type: z.union([typeGlob, z.array(typeGlob).min(1)]).optional(),
    /** Platform or list of platforms. */
    platform: z.union([platformSchema, z.array(platformSchema).min(1)]).optional(),
    /** Payload field matchers by dotted path. */
    payload: z.record(z.string().min(1), fieldMatcherSchema).optional(),
  })
  .strict();

/** See {@link eventPatternSchema}. */
export type EventPattern = z.infer<typeof eventPatternSchema>;

/** A compiled {@link EventPattern}: call it with an event. */
export type EventPredicate = (
  event: Pick<CorrelatedEvent, "type" | "platform" | "payload">,
) => boolean;

const globCache = new Map<string, RegExp>();

/**
 * Compiles a type glob to a regular expression over the type *prefixed with a dot*
 * (`.github.pull_request.opened`), which lets `**` absorb zero or more whole segments
 * without special cases at either end.
 */
function compileTypeGlob(glob: string): RegExp {
  let cached = globCache.get(glob);
  if (!cached) {
    const source = glob
      .split(".")
      .map((segment) => {
        if (segment === "**") return "(?:\\.[^.]+)*";
        if (segment === "*") return "\\.[^.]+";
        return `\\.${segment.replace(/-/g, "\\-")}`;
      })
      .join("");
    cached = new RegExp(`^${source}$`);
    if (globCache.size > 1000) globCache.clear();
    globCache.set(glob, cached);
  }
  return cached;
}

/**
 * True when `type` matches the glob: `*` is exactly one segment, `**` any number.
 *
 * @example matchesTypeGlob("github.pull_request.*", "github.pull_request.opened") // true
 * @example matchesTypeGlob("github.**", "github.check_run.completed") // true
 */
export function matchesTypeGlob(glob: string, type: string): boolean {
  return compileTypeGlob(glob).test(`.${type}`);
}

/** Reads a dotted path (`pull_request.head.sha`, `labels.0.name`) from a value. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function matchesField(actual: unknown, matcher: FieldMatcher): boolean {
  if (matcher === null || typeof matcher !== "object") return actual === matcher;
  if ("in" in matcher) return matcher.in.some((candidate) => candidate === actual);
  if ("notEquals" in matcher) return actual !== matcher.notEquals;
  if ("exists" in matcher) return (actual !== undefined && actual !== null) === matcher.exists;
  return typeof actual === "string" && new RegExp(matcher.matches).test(actual);
}

/**
 * Compiles a pattern once into a fast predicate. Use this on hot paths; use
 * {@link matchesEventPattern} for one-off checks.
 */
export function compileEventPattern(pattern: EventPattern): EventPredicate {
  const types = pattern.type === undefined ? undefined : [pattern.type].flat().map(compileTypeGlob);
  const platforms = pattern.platform === undefined ? undefined : new Set([pattern.platform].flat());
  const fields = Object.entries(pattern.payload ?? {});
  // Event types come from a small vocabulary, so each one's verdict is kept.
  const verdicts = new Map<string, boolean>();
  const typeMatches = (type: string) => {
    let verdict = verdicts.get(type);
    if (verdict === undefined) {
      verdict = types!.some((regex) => regex.test(`.${type}`));
      if (verdicts.size >= 1000) verdicts.clear();
      verdicts.set(type, verdict);
    }
    return verdict;
  };
  return (event) => {
    if (types && !typeMatches(event.type)) return false;
    if (platforms && !platforms.has(event.platform)) return false;
    for (const [path, matcher] of fields) {
      if (!matchesField(readPath(event.payload, path), matcher)) return false;
    }
    return true;
  };
}

/** True when `event` satisfies every criterion of `pattern`. */
export function matchesEventPattern(
  pattern: EventPattern,
  event: Pick<CorrelatedEvent, "type" | "platform" | "payload">,
): boolean {
  return compileEventPattern(pattern)(event);
}

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
