import type { ChangedFile, Finding } from "../analysis-types";
import { fingerprintOf } from "../fingerprint";
import { languageOf } from "../parsing/source-language";

const TEST_PATH =
  /(^|\/)(test|tests|__tests__|spec|specs)\/|[._-](test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.py$/;
const NOT_SOURCE =
  /(^|\/)(docs?|examples?|scripts|bench|fixtures|__fixtures__)\/|\.d\.[cm]?ts$|\.config\.[cm]?[jt]s$/;

/** Whether a path is a test file (by folder or name convention). */
export function isTestFile(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * One finding listing the source files the change touches when it touches no test file
 * at all (deleted files and non-code files do not count).
 */
export function untestedSourceFinding(
  files: readonly ChangedFile[],
  repository: string,
): Finding | undefined {
  if (files.some((file) => isTestFile(file.path))) return undefined;
  const sources = files
    .filter(
      (file) =>
        file.status !== "removed" &&
        languageOf(file.path) !== undefined &&
        !NOT_SOURCE.test(file.path),
    )
    .map((file) => file.path)
    .sort();
  if (sources.length === 0) return undefined;
  const shown =
    sources.slice(0, 10).join(", ") +
    (sources.length > 10 ? `, and ${sources.length - 10} more` : "");
  return {
    category: "quality",
    ruleId: "quality/untested-change",
    severity: "low",
    file: sources[0]!,
    line: 1,
    message: `Source files changed without any test file changed: ${shown}.`,
    fixHint: "Add or update tests that cover the changed behaviour.",
    fingerprint: fingerprintOf({
      repository,
      ruleId: "quality/untested-change",
      file: "",
      code: sources.join("\n"),
    }),
  };
}
