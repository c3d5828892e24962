import type { IssueTracker, UnifiedIssue } from "@contexten/core";
import type { Finding, FindingSeverity } from "../analysis-types";
import { allFindings, atLeast } from "../report/findings-of";
import {
  appendToDescription,
  fingerprintToken,
  type IssuePullRequest,
  issueTitle,
  listedFingerprints,
  moreUrgent,
  priorityOf,
  pullRequestFingerprint,
  renderIssueDescription,
} from "./pull-request-issue-body";

/** What {@link createIssuesFromAnalysis} reads: a pull request analysis or just findings. */
export interface AnalysisForIssues extends IssuePullRequest {
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
  /** Findings at least this severe go into the issue (default `high`). */
  minSeverity?: FindingSeverity | undefined;
  /** Where to create it (a Linear team, a GitHub `owner/repo`); the tracker's default otherwise. */
  container?: string | undefined;
  /** Labels to add to a new issue (they must exist in the tracker). */
  labels?: string[] | undefined;
}

/** What {@link createIssuesFromAnalysis} did with the pull request's issue. */
export interface PullRequestIssueResult {
  /**
   * `created`: a new issue lists the findings; `updated`: the pull request's issue
   * existed and new findings were added to it; `existing`: it already listed every
   * finding, nothing changed; `none`: no finding was severe enough and no issue exists.
   */
  outcome: "created" | "updated" | "existing" | "none";
  /** The pull request's issue (absent when `outcome` is `none`). */
  issue?: UnifiedIssue | undefined;
  /** The findings written now: all for `created`, the new ones for `updated`. */
  added: Finding[];
  /** The pull request's fingerprint, carried by the issue as {@link fingerprintToken}. */
  fingerprint: string;
}

const SEARCH_WINDOW = 5;

function severeFindings(analysis: AnalysisForIssues, floor: FindingSeverity): Finding[] {
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
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (!atLeast(finding.severity, floor) || seen.has(finding.fingerprint)) return false;
    seen.add(finding.fingerprint);
    return true;
  });
}

/**
 * Files ONE issue per pull request in any `IssueTracker` (Linear, GitHub) for its findings
 * at or above `minSeverity`: a checklist with each finding's severity, rule, `file:line`,
 * message and fix hint, linking the pull request. The issue carries the pull request's
 * fingerprint (repository and number) and each finding's fingerprint, so analysing the
 * same pull request again creates nothing; when a later push brings new findings, they are
 * appended to the same issue (its priority raised when they are more severe, and a done or
 * canceled issue moved back to `todo`), and findings already listed stay as people left them.
 */
export async function createIssuesFromAnalysis(
  analysis: AnalysisForIssues,
  tracker: IssueTracker,
  options: CreateIssuesOptions = {},
): Promise<PullRequestIssueResult> {
  const floor = options.minSeverity ?? "high";
  const fingerprint = pullRequestFingerprint(analysis);
  const findings = severeFindings(analysis, floor);
  const token = fingerprintToken(fingerprint);
  // Full-text search can be fuzzy: only an issue whose description carries the token counts.
  const candidates = await tracker.searchIssues(token, {
    limit: SEARCH_WINDOW,
    ...(options.container ? { container: options.container } : {}),
  });
  const existing = candidates.find((issue) => issue.description.includes(token));
  if (!existing) {
    if (findings.length === 0) return { outcome: "none", added: [], fingerprint };
    const issue = await tracker.createIssue({
      title: issueTitle(analysis, findings.length),
      description: renderIssueDescription(analysis, findings, floor),
      priority: priorityOf(findings),
      ...(options.container ? { container: options.container } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    });
    return { outcome: "created", issue, added: findings, fingerprint };
  }
  const listed = listedFingerprints(existing.description);
  const added = findings.filter((finding) => !listed.has(finding.fingerprint));
  if (added.length === 0) return { outcome: "existing", issue: existing, added, fingerprint };
  const priority = priorityOf(added);
  const closed = existing.status.category === "done" || existing.status.category === "canceled";
  const issue = await tracker.updateIssue(existing.key || existing.id, {
    title: issueTitle(analysis, listed.size + added.length),
    description: appendToDescription(existing.description, analysis, added),
    ...(moreUrgent(priority, existing.priority) ? { priority } : {}),
    ...(closed ? { status: "todo" as const } : {}),
  });
  return { outcome: "updated", issue, added, fingerprint };
}
