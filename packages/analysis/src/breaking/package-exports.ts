import type { BreakingChange } from "../analysis-types";

function subpaths(manifest: unknown): Set<string> | undefined {
  if (typeof manifest !== "object" || manifest === null) return undefined;
  const exports = (manifest as { exports?: unknown }).exports;
  if (exports === undefined) return undefined;
  if (typeof exports === "string" || Array.isArray(exports)) return new Set(["."]);
  if (typeof exports !== "object" || exports === null) return undefined;
  const keys = Object.keys(exports);
  // A conditions object (`{ import, require }`) is the "." entry.
  return new Set(keys.some((key) => key.startsWith(".")) ? keys : ["."]);
}

/** Export subpaths (`"."`, `"./testing"`) present in the base `package.json` and gone in the head. */
export function comparePackageExports(
  file: string,
  before: string,
  after: string,
): BreakingChange[] {
  let previous: Set<string> | undefined;
  let next: Set<string> | undefined;
  try {
    previous = subpaths(JSON.parse(before));
    next = subpaths(JSON.parse(after));
  } catch {
    return [];
  }
  if (!previous || !next) return [];
  return [...previous]
    .filter((subpath) => !next.has(subpath))
    .map((subpath) => ({
      kind: "package-export-removed" as const,
      file,
      symbol: subpath,
      before: `"exports": { "${subpath}": … }`,
      after: "(removed)",
      line: 1,
      message: `The package no longer exports the subpath \`${subpath}\`.`,
    }));
}
