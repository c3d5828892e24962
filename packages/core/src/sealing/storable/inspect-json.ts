import type { ReceivedJson } from "../json-text";
import {
  isWellFormedText,
  needsTextRepair,
  repairText,
  type TextReplacements,
} from "./storable-text";

/**
 * An escape in JSON text that may decode to something a store cannot keep: `\u0000`, or
 * a surrogate escape that is not half of a valid pair. It can match where there is
 * nothing to fix (an escaped backslash before `u0000`); the walk that follows decides.
 */
const SUSPICIOUS_ESCAPE =
  /\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/;

/**
 * A cheap first look at received JSON (see `parseFrozenJson`, which measures the depth
 * while freezing): `false` when the value parsed from it certainly holds no NUL
 * character, no lone surrogate and no nesting deeper than `maxDepth`; `true` when it may
 * (then {@link inspectJson} decides). Two native scans of the text: an escape search and a
 * well-formedness check.
 */
export function receivedMayNeedRepair(received: ReceivedJson, maxDepth: number): boolean {
  const { text } = received;
  if (received.depth > maxDepth) return true;
  if (text.includes("\\u") && SUSPICIOUS_ESCAPE.test(text)) return true;
  return !isWellFormedText(text);
}

/** What {@link inspectJson} found. */
export interface JsonInspection {
  /** A container sits deeper than the limit (the walk stopped there). */
  tooDeep: boolean;
  /** A string or a property name holds a NUL character or a lone surrogate. */
  needsRepair: boolean;
}

/** A plain object: what `JSON.parse` makes (the only objects walked besides arrays). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Walks a JSON value without recursion (so any depth is safe) and reports whether it is
 * nested deeper than `maxDepth` (the top-level object is depth 1) and whether any string
 * or property name needs repair. Other objects (a `Date`) are left to their `toJSON`.
 */
export function inspectJson(root: unknown, maxDepth: number): JsonInspection {
  let needsRepair = false;
  const pending: unknown[] = [root];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const value = pending.pop();
    const depth = depths.pop()!;
    let items: unknown[];
    if (Array.isArray(value)) {
      items = value;
    } else if (isPlainObject(value)) {
      if (!needsRepair) needsRepair = Object.keys(value).some(needsTextRepair);
      items = Object.values(value);
    } else {
      continue;
    }
    if (depth > maxDepth) return { tooDeep: true, needsRepair };
    for (const item of items) {
      if (typeof item === "string") {
        if (!needsRepair && needsTextRepair(item)) needsRepair = true;
      } else if (typeof item === "object" && item !== null) {
        pending.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return { tooDeep: false, needsRepair };
}

/**
 * A copy of a JSON value with every string and property name repaired (see
 * `repairText`), counting replacements in `tally`. Recursive: only for values
 * {@link inspectJson} found within the depth limit.
 */
export function repairJsonValue(value: unknown, tally: TextReplacements): unknown {
  if (typeof value === "string") return repairText(value, tally);
  if (Array.isArray(value)) return value.map((item) => repairJsonValue(item, tally));
  if (!isPlainObject(value)) return value;
  // No prototype, so a "__proto__" property name stays an ordinary property.
  const copy: Record<string, unknown> = Object.create(null);
  for (const [name, item] of Object.entries(value)) {
    copy[repairText(name, tally)] = repairJsonValue(item, tally);
  }
  return copy;
}
