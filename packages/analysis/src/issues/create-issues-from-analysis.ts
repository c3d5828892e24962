import type { IssuePriority, IssueTracker, UnifiedIssue } from "@contexten/core";
import type { Finding, FindingSeverity } from "../analysis-types";
import { allFindings, atLeast } from "../report/findings-of";

/** What {@link createIssuesFromAnalysis} reads: a pull request analysis or just findings. */
export interface AnalysisForIssues {
  /** `owner/repo`. */
  repository: string;
  /** Pull request number. */
  number: number;
  /** Findings; when absent they are taken from the analysis' categories. */
  findings?: Finding[] | undefined;
  /** Analysis categories (as in `PullRequestAnalysis`). */
  security?: Finding[] | undefined;
  /** Analysis categories (as in `PullRequestAnalysis`). */
  performance?: Finding[] | undefined;
  /** Analysis categories (as in `PullRequestAnalysis`). */
  quality?: Finding[] | undefined;
}

/** Options of {@link createIssuesFromAnalysis}. */
export interface CreateIssuesOptions {
  /** Findings at least this severe become issues (default `high`). */
  minSeverity?: FindingSeverity | undefined;
  /** Where to create them (a Linear team, a GitHub `owner/repo`); the tracker's default otherwise. */
  container?: string | undefined;
  /** Labels to add (they must exist in the tracker). */
  labels?: string[] | undefined;
}

/** What {@link createIssuesFromAnalysis} did. */
export interface CreatedIssues {
  /** Issues created now. */
  created: UnifiedIssue[];
  /** Fingerprints that already had an issue, with its key. */
  existing: { fingerprint: string; issue: string }[];
}

/** The token an issue's description carries so a later analysis finds it. */
export function fingerprintToken(fingerprint: string): string {
  return `contexten-analysis-${fingerprint}`;
}

const PRIORITY: Record<FindingSeverity, IssuePriority> = {
  critical: "urgent",
  high: "high",
  medium: "normal",
  low: "low",
  info: "none",
};

function describe(finding: Finding, analysis: AnalysisForIssues): string {
  return [
    `**${finding.severity}** \`${finding.ruleId}\` in \`${finding.file}\` line ${finding.line}, found in ${analysis.repository}#${analysis.number}.`,
    "",
    finding.message,
    "",
    `**Fix:** ${finding.fixHint}`,
    "",
    `Fingerprint: ${fingerprintToken(finding.fingerprint)}`,
  ].join("\n");
}

/**
 * Files an issue in any `IssueTracker` (Linear, GitHub) for each finding at or above
 * `minSeverity`. Each issue carries the finding's fingerprint; a finding whose
 * fingerprint already has an issue (searched in the tracker, open or closed) gets none,
 * so analysing the same pull request again creates nothing new.
 */
export async function createIssuesFromAnalysis(
  analysis: AnalysisForIssues,
  tracker: IssueTracker,
  options: CreateIssuesOptions = {},
): Promise<CreatedIssues> {
  const floor = options.minSeverity ?? "high";
  const findings =
    analysis.findings ??
    allFindings(
      {
        security: analysis.security ?? [],
        performance: analysis.performance ?? [],
        quality: analysis.quality ?? [],
        breakingChanges: [],
        functions: [],
        notes: [],
        stats: { filesChanged: 0, filesAnalyzed: 0, linesAnalyzed: 0 },
      },
      analysis.repository,
    );
  const result: CreatedIssues = { created: [], existing: [] };
  const seen = new Set<string>();
  for (const finding of findings) {
    if (!atLeast(finding.severity, floor) || seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    const token = fingerprintToken(finding.fingerprint);
    const [match] = await tracker.searchIssues(token, {
      limit: 1,
      ...(options.container ? { container: options.container } : {}),
    });
    if (match) {
      result.existing.push({ fingerprint: finding.fingerprint, issue: match.key ?? match.id });
      continue;
    }
    result.created.push(
      await tracker.createIssue({
        title: `[${finding.severity}] ${finding.message.split(/(?<=\.)\s/)[0]!.slice(0, 120)} (${finding.file})`,
        description: describe(finding, analysis),
        priority: PRIORITY[finding.severity],
        ...(options.container ? { container: options.container } : {}),
        ...(options.labels ? { labels: options.labels } : {}),
      }),
    );
  }
  return result;
}
