import type {
  AnalysisNote,
  ChangeAnalysis,
  ChangedFile,
  Finding,
  FunctionComplexity,
} from "./analysis-types";
import { detectBreakingChangesInFiles } from "./breaking/detect-breaking-changes";
import { fingerprintOf } from "./fingerprint";
import { type CodeRule, introducedMatches, matchRules, type RuleMatch } from "./parsing/code-rule";
import {
  loadPythonSupport,
  PYTHON_GRAMMAR_PACKAGE,
  type PythonGrammarLoader,
  type PythonSupport,
} from "./parsing/python-grammar";
import { isJavaScriptFamily, languageOf, parseSource } from "./parsing/source-language";
import {
  JAVASCRIPT_PERFORMANCE_RULES,
  PYTHON_PERFORMANCE_RULES,
} from "./performance/performance-rules";
import { type MeasuredFunction, measureFunctions } from "./quality/function-complexity";
import { untestedSourceFinding } from "./quality/untested-changes";
import {
  JAVASCRIPT_DANGEROUS_CALLS,
  PYTHON_DANGEROUS_CALLS,
} from "./security/dangerous-call-rules";
import { scanSecrets } from "./security/secret-scan";
import { addedLinesOnly, lineCount } from "./text-lines";

/** Options of {@link analyzeChangedFiles}. */
export interface AnalyzeChangedFilesOptions {
  /** `owner/repo`, part of every fingerprint (default `local`). */
  repository?: string | undefined;
  /** Files larger than this many bytes are not analysed, with a note (default 1 MiB). */
  maxFileBytes?: number | undefined;
  /** Complexity from which a function that grew more complex is reported (default 10). */
  complexityThreshold?: number | undefined;
  /** Lines from which a new or grown function is reported as long (default 80). */
  longFunctionLines?: number | undefined;
  /**
   * At most this many files are analysed (default 300); source files come first, and
   * the rest are named in a `files-capped` note.
   */
  maxFiles?: number | undefined;
  /**
   * Loads the Python grammar (default: import the optional `@ast-grep/lang-python`).
   * Without it, Python files get the secret scan and a `parser-unavailable` note.
   */
  loadPythonGrammar?: PythonGrammarLoader | undefined;
}

const BINARY_EXTENSIONS =
  /\.(png|jpe?g|gif|webp|ico|pdf|zip|gz|tgz|bz2|xz|7z|jar|wasm|so|dylib|dll|exe|bin|woff2?|ttf|otf|mp[34]|mov|avi|class|pyc)$/i;

/** Whether content looks binary: a NUL byte in its first 8 KiB, or a binary extension. */
export function isBinaryContent(path: string, content: string | undefined): boolean {
  if (BINARY_EXTENSIONS.test(path)) return true;
  return content?.slice(0, 8192).includes("\u0000") === true;
}

const RULES = {
  javascript: [...JAVASCRIPT_DANGEROUS_CALLS, ...JAVASCRIPT_PERFORMANCE_RULES],
  python: [...PYTHON_DANGEROUS_CALLS, ...PYTHON_PERFORMANCE_RULES],
} satisfies Record<string, readonly CodeRule[]>;

interface ParsedSide {
  matches: RuleMatch[];
  functions: MeasuredFunction[];
  errors: number;
}

function analyzeSide(
  path: string,
  content: string,
  withRules: boolean,
  python: PythonSupport,
): ParsedSide | undefined {
  const language = languageOf(path);
  if (!language || (language === "python" && !python.available)) return undefined;
  const root = parseSource(language, content);
  const rules = isJavaScriptFamily(language) ? RULES.javascript : RULES.python;
  return {
    matches: withRules ? matchRules(root, rules) : [],
    functions: measureFunctions(root, language),
    errors: root.root().findAll({ rule: { kind: "ERROR" } }).length,
  };
}

/** Source files first (they carry the findings), then the rest, each group in path order. */
function byAnalysisPriority(a: ChangedFile, b: ChangedFile): number {
  const rank = (file: ChangedFile) => (languageOf(file.path) ? 0 : 1);
  return rank(a) - rank(b) || a.path.localeCompare(b.path);
}

/**
 * Analyses changed files (base and head contents) without any network: secrets added
 * (secretlint's recommended rules), dangerous calls and performance hints the change
 * introduces (ast-grep rules on tree-sitter syntax trees), complexity of changed
 * functions, source changes without test changes, and breaking changes of exported API.
 * Files it cannot analyse fully get a note; nothing throws for bad input.
 */
export async function analyzeChangedFiles(
  files: readonly ChangedFile[],
  options: AnalyzeChangedFilesOptions = {},
): Promise<ChangeAnalysis> {
  const repository = options.repository ?? "local";
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  const threshold = options.complexityThreshold ?? 10;
  const longLines = options.longFunctionLines ?? 80;
  const notes: AnalysisNote[] = [];
  const security: Finding[] = [];
  const quality: Finding[] = [];
  const performance: Finding[] = [];
  const functions: FunctionComplexity[] = [];
  let filesAnalyzed = 0;
  let linesAnalyzed = 0;
  const comparable: ChangedFile[] = [];
  const maxFiles = options.maxFiles ?? 300;
  let selected = files;
  if (files.length > maxFiles) {
    selected = [...files].sort(byAnalysisPriority).slice(0, maxFiles);
    const skipped = [...files].sort(byAnalysisPriority).slice(maxFiles);
    notes.push({
      code: "files-capped",
      message: `The change has ${files.length} files; the first ${maxFiles} (source files first) were analysed and ${skipped.length} were not: ${skipped
        .slice(0, 20)
        .map((file) => file.path)
        .join(", ")}${skipped.length > 20 ? ", …" : ""}.`,
    });
  }

  // The Python grammar is an optional package: load it only when a Python file is in the change.
  const python: PythonSupport = selected.some((file) => languageOf(file.path) === "python")
    ? await loadPythonSupport(options.loadPythonGrammar)
    : { available: false, reason: "not needed" };

  const finding = (
    rule: Pick<CodeRule, "id" | "category" | "severity" | "message" | "fixHint">,
    file: string,
    line: number,
    code: string,
  ): Finding => ({
    category: rule.category,
    ruleId: rule.id,
    severity: rule.severity,
    file,
    line,
    message: rule.message,
    fixHint: rule.fixHint,
    fingerprint: fingerprintOf({ repository, ruleId: rule.id, file, code }),
  });

  for (const file of selected) {
    if (file.status === "removed") {
      notes.push({ file: file.path, code: "removed-file", message: `${file.path} was removed.` });
      comparable.push(file);
      continue;
    }
    if (file.status === "renamed" && file.previousPath) {
      notes.push({
        file: file.path,
        code: "renamed-file",
        message: `${file.previousPath} was renamed to ${file.path}; compared with its old content.`,
      });
    }
    const head = file.headContent;
    if (head === undefined) {
      notes.push({
        file: file.path,
        code: "content-unavailable",
        message: `The head content of ${file.path} could not be read; it was not analysed.`,
      });
      continue;
    }
    if (isBinaryContent(file.path, head)) {
      notes.push({
        file: file.path,
        code: "binary-file",
        message: `${file.path} is binary; skipped.`,
      });
      continue;
    }
    if (Buffer.byteLength(head) > maxBytes) {
      notes.push({
        file: file.path,
        code: "file-too-large",
        message: `${file.path} is larger than ${maxBytes} bytes; not analysed.`,
      });
      continue;
    }
    const base =
      file.baseContent !== undefined &&
      !isBinaryContent(file.previousPath ?? file.path, file.baseContent) &&
      Buffer.byteLength(file.baseContent) <= maxBytes
        ? file.baseContent
        : undefined;
    comparable.push({ ...file, baseContent: base });
    filesAnalyzed += 1;
    linesAnalyzed += lineCount(head);

    // Only lines the base does not have are scanned (unchanged lines are blanked, which
    // keeps line numbers): a secret already in the base is not news, and scanning less is faster.
    const headSecrets = await scanSecrets(file.path, addedLinesOnly(head, base));
    for (const match of headSecrets) {
      security.push(
        finding(
          {
            id: `secret/${match.ruleId.replace(/^@secretlint\/secretlint-rule-/, "")}`,
            category: "security",
            severity: "critical",
            message: `A secret was added: ${match.message}`,
            fixHint:
              "Revoke the credential now (it is in the history), then load it from the environment or a secret store.",
          },
          file.path,
          match.line,
          match.secret,
        ),
      );
    }

    const headSide = analyzeSide(file.path, head, true, python);
    if (!headSide && !python.available && languageOf(file.path) === "python") {
      notes.push({
        file: file.path,
        code: "parser-unavailable",
        message: `${file.path}: Python is parsed with the optional package ${PYTHON_GRAMMAR_PACKAGE}, which could not be loaded (${python.reason}); only secrets were checked. Install it (npm install ${PYTHON_GRAMMAR_PACKAGE}) for the Python rules.`,
      });
      continue;
    }
    if (!headSide) {
      notes.push({
        file: file.path,
        code: "unsupported-language",
        message: `${file.path}: no parser for this language; only secrets were checked.`,
      });
      continue;
    }
    if (headSide.errors > 0) {
      notes.push({
        file: file.path,
        code: "parse-errors",
        message: `${file.path} has ${headSide.errors} syntax error(s); results for it may be incomplete.`,
      });
    }
    // The base only needs rules run when the head matched some (to drop what it already had).
    const baseSide =
      base === undefined
        ? undefined
        : analyzeSide(file.previousPath ?? file.path, base, headSide.matches.length > 0, python);
    for (const match of introducedMatches(headSide.matches, baseSide?.matches ?? [])) {
      const target = match.rule.category === "performance" ? performance : security;
      target.push(finding(match.rule, file.path, match.line, match.code));
    }
    const before = new Map(baseSide?.functions.map((fn) => [fn.name, fn]) ?? []);
    for (const fn of headSide.functions) {
      const previous = before.get(fn.name);
      if (previous && previous.text === fn.text) continue;
      functions.push({
        file: file.path,
        name: fn.name,
        line: fn.line,
        before: previous?.complexity,
        after: fn.complexity,
        lines: fn.lines,
      });
      if (fn.complexity >= threshold && fn.complexity > (previous?.complexity ?? 0)) {
        quality.push({
          ...finding(
            {
              id: "quality/complexity",
              category: "quality",
              severity: fn.complexity >= threshold * 2 ? "medium" : "low",
              message: `${fn.name} has cyclomatic complexity ${fn.complexity}${previous ? ` (was ${previous.complexity})` : ""}.`,
              fixHint: "Split it into smaller functions or replace branches with a lookup table.",
            },
            file.path,
            fn.line,
            fn.name,
          ),
        });
      }
      if (
        fn.lines >= longLines &&
        fn.lines > (previous?.lines ?? 0) &&
        (previous?.lines ?? 0) < longLines
      ) {
        quality.push(
          finding(
            {
              id: "quality/long-function",
              category: "quality",
              severity: "low",
              message: `${fn.name} is ${fn.lines} lines long.`,
              fixHint: "Extract the steps into named functions.",
            },
            file.path,
            fn.line,
            fn.name,
          ),
        );
      }
    }
  }

  const untested = untestedSourceFinding(selected, repository);
  if (untested) quality.push(untested);

  const breakingChanges = detectBreakingChangesInFiles(comparable, notes);
  return {
    security,
    quality,
    functions,
    performance,
    breakingChanges,
    notes,
    stats: { filesChanged: files.length, filesAnalyzed, linesAnalyzed },
  };
}
