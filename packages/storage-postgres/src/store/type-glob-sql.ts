import { parseWithSchema } from "@contexten/core/adapter";
import { eventPatternSchema } from "@contexten/core/schemas";

/** Type globs split into exact types (index-friendly `=`) and POSIX regexes (`~`). */
export interface TypeGlobFilter {
  /** Globs without wildcards: compared with `type = ANY(…)`. */
  exact: string[];
  /** Regexes matched against `'.' || type`. */
  patterns: string[];
}

/**
 * Translates one glob to a POSIX regular expression over the type prefixed with a dot,
 * exactly like core's `matchesTypeGlob`: `*` is one segment, `**` is any number of
 * segments (zero included). Literal segments are escaped, and the regex travels as a
 * bound parameter, so a glob can never change the SQL.
 */
export function typeGlobToRegex(glob: string): string {
  const source = glob
    .split(".")
    .map((segment) => {
      if (segment === "**") return "(\\.[^.]+)*";
      if (segment === "*") return "\\.[^.]+";
      return `\\.${segment.replace(/[^A-Za-z0-9_]/g, "\\$&")}`;
    })
    .join("");
  return `^${source}$`;
}

/**
 * Validates globs with core's event-pattern rules (a `ValidationError` names the bad one)
 * and splits them for SQL.
 */
export function compileTypeGlobs(globs: string | readonly string[]): TypeGlobFilter {
  const list = typeof globs === "string" ? [globs] : [...globs];
  parseWithSchema(eventPatternSchema, { type: list }, "type filter");
  const filter: TypeGlobFilter = { exact: [], patterns: [] };
  for (const glob of list) {
    if (glob.includes("*")) filter.patterns.push(typeGlobToRegex(glob));
    else filter.exact.push(glob);
  }
  return filter;
}
