import {
  type BreakingChange,
  type ChangeAnalysis,
  type Finding,
  type FindingSeverity,
  type Recommendation,
  SEVERITY_ORDER,
} from "../analysis-types";
import { fingerprintOf } from "../fingerprint";

const rank = (severity: FindingSeverity) => SEVERITY_ORDER.indexOf(severity);

/** A breaking change as a finding (medium: it may be intended, but it needs a major release). */
export function breakingChangeFinding(repository: string, change: BreakingChange): Finding {
  return {
    category: "breaking-change",
    ruleId: `api/${change.kind}`,
    severity: "medium",
    file: change.file,
    line: change.line,
    message: `${change.message} Before: \`${change.before}\`; after: \`${change.after}\`.`,
    fixHint:
      "Keep the old form (deprecate it) or release this as a major version with a migration note.",
    fingerprint: fingerprintOf({
      repository,
      ruleId: `api/${change.kind}`,
      file: change.file,
      code: `${change.symbol}\u0000${change.before}\u0000${change.after}`,
    }),
  };
}

/** Every finding of an analysis, most severe first (breaking changes included). */
export function allFindings(analysis: ChangeAnalysis, repository = "local"): Finding[] {
  return [
    ...analysis.security,
    ...analysis.breakingChanges.map((change) => breakingChangeFinding(repository, change)),
    ...analysis.performance,
    ...analysis.quality,
  ].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) || a.file.localeCompare(b.file) || a.line - b.line,
  );
}

/** Whether `severity` is at least as severe as `floor`. */
export function atLeast(severity: FindingSeverity, floor: FindingSeverity): boolean {
  return rank(severity) <= rank(floor);
}

const ADVICE: Record<string, string> = {
  secret: "Revoke and rotate the leaked credentials, then remove them from the code",
  "js/eval": "Replace eval and new Function with data parsing",
  "js/new-function": "Replace eval and new Function with data parsing",
  "py/eval": "Replace eval/exec with literal parsing or lookups",
  "js/sql-concatenation": "Use parameterized SQL queries",
  "py/sql-concatenation": "Use parameterized SQL queries",
  "js/child-process-interpolation": "Run processes without a shell, with argument arrays",
  "py/subprocess-shell": "Run processes without a shell, with argument lists",
  "js/tls-verification-disabled": "Turn TLS certificate verification back on",
  "py/tls-verification-disabled": "Turn TLS certificate verification back on",
  "py/pickle-loads": "Stop unpickling data that crosses a trust boundary",
  "js/inner-html": "Render untrusted HTML as text or sanitize it",
  "js/dangerously-set-inner-html": "Render untrusted HTML as text or sanitize it",
  api: "Keep the exported API compatible or plan a major release",
  quality: "Simplify complex or long functions and add tests for the change",
  performance: "Address the performance hints on hot paths",
};

function adviceKey(finding: Finding): string {
  if (finding.ruleId.startsWith("secret/")) return "secret";
  if (finding.ruleId.startsWith("api/")) return "api";
  if (ADVICE[finding.ruleId]) return finding.ruleId;
  return finding.category === "performance" ? "performance" : "quality";
}

/** Recommendations grouped by what to do, most severe first. */
export function recommend(findings: readonly Finding[]): Recommendation[] {
  const grouped = new Map<string, Recommendation>();
  for (const finding of findings) {
    const text = ADVICE[adviceKey(finding)]!;
    const existing = grouped.get(text);
    if (!existing) {
      grouped.set(text, { severity: finding.severity, text, findings: 1 });
    } else {
      existing.findings += 1;
      if (atLeast(finding.severity, existing.severity)) existing.severity = finding.severity;
    }
  }
  return [...grouped.values()].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || b.findings - a.findings,
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The one-paragraph summary. */
export function summarize(
  analysis: ChangeAnalysis,
  findings: readonly Finding[],
  reviewers: readonly { login: string }[],
): string {
  const count = (severity: FindingSeverity) =>
    findings.filter((finding) => finding.severity === severity).length;
  const bySeverity = SEVERITY_ORDER.filter((severity) => count(severity) > 0)
    .map((severity) => `${count(severity)} ${severity}`)
    .join(", ");
  const { filesChanged, filesAnalyzed, linesAnalyzed } = analysis.stats;
  const parts = [
    `Analysed ${filesAnalyzed} of ${plural(filesChanged, "changed file")} (${plural(linesAnalyzed, "line")}).`,
    findings.length === 0
      ? "No findings."
      : `${plural(findings.length, "finding")} (${bySeverity}): ${analysis.security.length} security, ${plural(analysis.breakingChanges.length, "breaking API change")}, ${analysis.performance.length} performance, ${analysis.quality.length} quality.`,
  ];
  if (reviewers.length > 0) {
    parts.push(`Suggested reviewers: ${reviewers.map((reviewer) => reviewer.login).join(", ")}.`);
  }
  if (analysis.notes.length > 0) {
    parts.push(`${plural(analysis.notes.length, "note")} on what could not be analysed fully.`);
  }
  return parts.join(" ");
}
