/** How much a finding matters, most severe first. */
export type FindingSeverity = "critical" | "high" | "medium" | "low" | "info";

/** Severities from most to least severe. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = [
  "critical",
  "high",
  "medium",
  "low",
  "info",
];

/** What part of the analysis produced a finding. */
export type FindingCategory = "security" | "quality" | "performance" | "breaking-change";

/** One thing the analysis found, anchored to a file and line of the pull request's head. */
export interface Finding {
  /** Which part of the analysis found it. */
  category: FindingCategory;
  /** Stable rule id, e.g. `js/eval` or `secret/@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** How much it matters. */
  severity: FindingSeverity;
  /** Path in the repository (the head's path for renamed files). */
  file: string;
  /** 1-based line in the head version (the base version for removed code). */
  line: number;
  /** What was found, in one sentence. */
  message: string;
  /** What to do about it. */
  fixHint: string;
  /**
   * Stable identity of the finding: the same rule on the same code in the same file of
   * the same repository gives the same fingerprint, even when the code moves to another
   * line. Automated issues are deduplicated by it.
   */
  fingerprint: string;
}

/** Something the analysis could not do fully, said plainly (never a silent skip). */
export interface AnalysisNote {
  /** Path the note is about, when it is about one file. */
  file?: string | undefined;
  /** Machine-readable reason. */
  code:
    | "binary-file"
    | "file-too-large"
    | "parse-errors"
    | "unsupported-language"
    | "parser-unavailable"
    | "files-capped"
    | "content-unavailable"
    | "removed-file"
    | "renamed-file";
  /** The note, for people. */
  message: string;
}

/** One changed file with its content on both sides, as the analysis reads it. */
export interface ChangedFile {
  /** Path in the head (for a removed file, its path in the base). */
  path: string;
  /** Path in the base when the file was renamed. */
  previousPath?: string | undefined;
  /** How the pull request changes it. */
  status: "added" | "modified" | "removed" | "renamed";
  /** Content in the base; undefined when added or unavailable. */
  baseContent?: string | undefined;
  /** Content in the head; undefined when removed or unavailable. */
  headContent?: string | undefined;
}

/** Cyclomatic complexity of one function before and after the change. */
export interface FunctionComplexity {
  /** File. */
  file: string;
  /** Qualified name (`Class.method`, `outer.inner`, or `outer.<anonymous#2>`). */
  name: string;
  /** 1-based line in the head. */
  line: number;
  /** Complexity in the base; undefined for a new function. */
  before?: number | undefined;
  /** Complexity in the head. */
  after: number;
  /** Lines in the head. */
  lines: number;
}

/** A change to the exported API that can break code that uses it. */
export interface BreakingChange {
  /** What kind of break. */
  kind:
    | "export-removed"
    | "export-renamed"
    | "required-parameter-added"
    | "parameter-removed"
    | "parameter-type-changed"
    | "parameter-made-required"
    | "return-type-changed"
    | "member-removed"
    | "member-type-changed"
    | "member-made-required"
    | "export-kind-changed"
    | "variable-type-changed"
    | "package-export-removed";
  /** The module (file path) or `package.json`. */
  file: string;
  /** The symbol, e.g. `createClient` or `Options.timeout` or an export subpath. */
  symbol: string;
  /** Signature before. */
  before: string;
  /** Signature after (`(removed)` when removed). */
  after: string;
  /** 1-based line in the head (or base when removed). */
  line: number;
  /** One-sentence description. */
  message: string;
}

/** A suggested reviewer and why. */
export interface ReviewerSuggestion {
  /** GitHub login or `@org/team`. */
  login: string;
  /** Higher is a better fit. */
  score: number;
  /** Why, for people: `owns src/api/** (CODEOWNERS line 3)`, `3 recent commits to …`. */
  reasons: string[];
  /** Reviews already requested of this person on open pull requests, when known. */
  openReviewRequests?: number | undefined;
}

/** A recommendation derived from the findings, ranked by severity. */
export interface Recommendation {
  /** Severity of the most severe finding behind it. */
  severity: FindingSeverity;
  /** What to do. */
  text: string;
  /** How many findings it covers. */
  findings: number;
}

/** Counts of what was analysed. */
export interface AnalysisStats {
  /** Files the pull request changes. */
  filesChanged: number;
  /** Files parsed and analysed. */
  filesAnalyzed: number;
  /** Lines of the analysed head contents. */
  linesAnalyzed: number;
}

/** The result of analysing a set of changed files. */
export interface ChangeAnalysis {
  /** Secrets added and dangerous calls introduced. */
  security: Finding[];
  /** Complexity, long-function and missing-test findings. */
  quality: Finding[];
  /** Per changed function, complexity before and after. */
  functions: FunctionComplexity[];
  /** Awaits in loops, synchronous calls in request handlers, nested loops. */
  performance: Finding[];
  /** Breaking changes of the exported API. */
  breakingChanges: BreakingChange[];
  /** What could not be analysed fully. */
  notes: AnalysisNote[];
  /** Counts. */
  stats: AnalysisStats;
}

/** The analysis of one pull request. */
export interface PullRequestAnalysis extends ChangeAnalysis {
  /** `owner/repo`. */
  repository: string;
  /** Pull request number. */
  number: number;
  /** Head commit analysed. */
  headSha: string;
  /** Base commit compared against. */
  baseSha: string;
  /** Author login. */
  author: string;
  /** Suggested reviewers, best first. */
  reviewers: ReviewerSuggestion[];
  /** Recommendations, most severe first. */
  recommendations: Recommendation[];
  /** One paragraph. */
  summary: string;
}
