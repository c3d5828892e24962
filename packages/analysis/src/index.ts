/**
 * `@contexten/analysis`: analyses pull requests in-process: secrets and dangerous calls
 * introduced, complexity of changed functions, performance hints, breaking changes of the
 * exported API, reviewer suggestions, deduplicated issues, a check run and one comment.
 *
 * @packageDocumentation
 */

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
export {
  type AnalyzeChangedFilesOptions,
  analyzeChangedFiles,
  isBinaryContent,
} from "./analyze-changed-files";
export {
  type AnalyzePullRequestOptions,
  analyzePullRequest,
  detectBreakingChanges,
  type PullRequestInput,
  suggestReviewers,
} from "./analyze-pull-request";
export { compareModuleApi, formatSignature } from "./breaking/compare-module-api";
export { detectBreakingChangesInFiles, isApiModule } from "./breaking/detect-breaking-changes";
export {
  type ApiExport,
  type ApiMember,
  type ApiParameter,
  type ApiSignature,
  type ModuleApi,
  readModuleApi,
} from "./breaking/exported-api";
export { comparePackageExports } from "./breaking/package-exports";
export {
  notifyAnalysis,
  type PublishCheckRunOptions,
  publishCheckRun,
  upsertAnalysisComment,
} from "./delivery/publish-analysis";
export { ANALYSIS_COMMENT_MARKER, renderAnalysisComment } from "./delivery/render-report";
export { fingerprintOf } from "./fingerprint";
export {
  type AnalysisForIssues,
  type CreateIssuesOptions,
  createIssuesFromAnalysis,
  type PullRequestIssueResult,
} from "./issues/create-issues-from-analysis";
export {
  fingerprintToken,
  type IssuePullRequest,
  pullRequestFingerprint,
} from "./issues/pull-request-issue-body";
export {
  loadPythonSupport,
  PYTHON_GRAMMAR_PACKAGE,
  type PythonGrammar,
  type PythonGrammarLoader,
  type PythonSupport,
} from "./parsing/python-grammar";
export { languageOf, type SourceLanguage } from "./parsing/source-language";
export {
  type PullRequestRef,
  type PullRequestSnapshot,
  type ReadPullRequestOptions,
  readPullRequest,
} from "./pull-request/read-pull-request";
export { isTestFile } from "./quality/untested-changes";
export { allFindings, breakingChangeFinding, recommend } from "./report/findings-of";
export {
  CODEOWNERS_LOCATIONS,
  type CodeownersRule,
  ownerRuleFor,
  parseCodeowners,
} from "./reviewers/codeowners";
export {
  type CodeOwner,
  type CodeownersOwnerSource,
  type CodeownersOwnerSourceOptions,
  codeownersOwnerSource,
} from "./reviewers/codeowners-owner-source";
export { type SuggestReviewersOptions, suggestReviewersFor } from "./reviewers/suggest-reviewers";
export {
  type AnalysisWorkflowActionsOptions,
  analysisWorkflowActions,
  analyzePullRequestAction,
  createIssuesAction,
} from "./workflow-actions/analysis-workflow-actions";
