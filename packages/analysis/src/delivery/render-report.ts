import type { Finding, PullRequestAnalysis } from "../analysis-types";

/** The hidden marker of the analysis comment (one per pull request, edited on each push). */
export const ANALYSIS_COMMENT_MARKER = "<!-- contexten:analysis-report -->";

const ICON: Record<Finding["severity"], string> = {
  critical: "🔴",
  high: "🟠",
  medium: "🟡",
  low: "🔵",
  info: "⚪",
};

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The pull request comment (Markdown), starting with its marker. */
export function renderAnalysisComment(
  analysis: PullRequestAnalysis,
  findings: readonly Finding[],
  maxRows = 50,
): string {
  const lines = [
    ANALYSIS_COMMENT_MARKER,
    `## Analysis of ${analysis.headSha.slice(0, 7)}`,
    "",
    analysis.summary,
  ];
  if (findings.length > 0) {
    lines.push("", "| | rule | where | finding | fix |", "|---|---|---|---|---|");
    for (const finding of findings.slice(0, maxRows)) {
      lines.push(
        `| ${ICON[finding.severity]} ${finding.severity} | \`${finding.ruleId}\` | \`${finding.file}:${finding.line}\` | ${cell(finding.message)} | ${cell(finding.fixHint)} |`,
      );
    }
    if (findings.length > maxRows) {
      lines.push("", `…and ${findings.length - maxRows} more in the check run.`);
    }
  }
  if (analysis.recommendations.length > 0) {
    lines.push("", "### Recommendations", "");
    for (const recommendation of analysis.recommendations) {
      lines.push(
        `- ${ICON[recommendation.severity]} ${recommendation.text} (${recommendation.findings})`,
      );
    }
  }
  if (analysis.reviewers.length > 0) {
    lines.push("", "### Suggested reviewers", "");
    for (const reviewer of analysis.reviewers) {
      lines.push(`- @${reviewer.login}: ${reviewer.reasons.join("; ")}`);
    }
  }
  if (analysis.notes.length > 0) {
    lines.push("", "<details><summary>Notes</summary>", "");
    for (const note of analysis.notes) lines.push(`- ${note.message}`);
    lines.push("", "</details>");
  }
  return lines.join("\n");
}
