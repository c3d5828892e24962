/**
 * `@contexten/analysis`: analyses pull requests in-process: secrets and dangerous calls
 * introduced, complexity of changed functions, performance hints, breaking changes of the
 * exported API, reviewer suggestions, deduplicated issues, a check run and one comment.
 *
 * @packageDocumentation
 */

export { type AnalyzeChangedFilesOptions, analyzeChangedFiles, isBinaryContent } from "./analyze-changed-files";
export type {
  AnalysisNote,
  AnalysisStats,
  BreakingChange,
  ChangeAnalysis,
  ChangedFile,
  Finding,
  FindingCategory,
  FindingSeverity,
  FunctionComplexity,
  PullRequestAnalysis,
  Recommendation,
  ReviewerSuggestion,
} from "./analysis-types";
export { SEVERITY_ORDER } from "./analysis-types";
export { compareModuleApi, formatSignature } from "./breaking/compare-module-api";
export { detectBreakingChangesInFiles, isApiModule } from "./breaking/detect-breaking-changes";
export { type ModuleApi, readModuleApi } from "./breaking/exported-api";
export { comparePackageExports } from "./breaking/package-exports";
export { fingerprintOf } from "./fingerprint";
export { languageOf, type SourceLanguage } from "./parsing/source-language";
export { isTestFile } from "./quality/untested-changes";
