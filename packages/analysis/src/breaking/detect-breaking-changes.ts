import type { AnalysisNote, BreakingChange, ChangedFile } from "../analysis-types";
import { compareModuleApi } from "./compare-module-api";
import { readModuleApi } from "./exported-api";
import { comparePackageExports } from "./package-exports";

const MODULE_FILE = /\.(d\.ts|d\.mts|d\.cts|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const NOT_API =
  /(^|\/)(test|tests|__tests__|__fixtures__|fixtures|examples?|scripts|bench)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** Whether a path holds a module whose exports are compared. */
export function isApiModule(path: string): boolean {
  return MODULE_FILE.test(path) && !NOT_API.test(path);
}

/**
 * Breaking changes of the exported API between the base and head contents of changed
 * files: TypeScript and JavaScript modules (removed or renamed exports, parameters,
 * return types, interface and class members) and `package.json` export subpaths.
 * A removed module counts as removing all its exports.
 */
export function detectBreakingChangesInFiles(
  files: readonly ChangedFile[],
  notes: AnalysisNote[] = [],
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  for (const file of files) {
    if (file.baseContent === undefined) continue;
    if (file.path.endsWith("package.json") || file.previousPath?.endsWith("package.json")) {
      if (file.headContent !== undefined) {
        changes.push(...comparePackageExports(file.path, file.baseContent, file.headContent));
      }
      continue;
    }
    if (!isApiModule(file.previousPath ?? file.path)) continue;
    const before = readModuleApi(file.previousPath ?? file.path, file.baseContent);
    const after = readModuleApi(file.path, file.headContent ?? "");
    if (before.hasSyntaxErrors || after.hasSyntaxErrors) {
      notes.push({
        file: file.path,
        code: "parse-errors",
        message: `${file.path} has syntax errors on one side; its exported API was not compared.`,
      });
      continue;
    }
    changes.push(...compareModuleApi(file.path, before, after));
  }
  return changes;
}
