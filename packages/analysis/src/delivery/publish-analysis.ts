import type { NotificationResult, Notifier } from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import type { Finding, PullRequestAnalysis } from "../analysis-types";
import { allFindings, atLeast } from "../report/findings-of";
import { ANALYSIS_COMMENT_MARKER, renderAnalysisComment } from "./render-report";

/** Options of {@link publishCheckRun}. */
export interface PublishCheckRunOptions {
  /** The GitHub client. */
  client: GitHubClient;
  /** Check run name (default `contexten analysis`). */
  name?: string | undefined;
}

const LEVEL = (finding: Finding) =>
  atLeast(finding.severity, "high")
    ? ("failure" as const)
    : finding.severity === "medium"
      ? ("warning" as const)
      : ("notice" as const);

/**
 * Publishes the analysis as a completed check run on the head commit, with one annotation
 * per finding on its line (sent 50 at a time, GitHub's limit per request). The
 * conclusion is `failure` with a critical or high finding, `neutral` with a medium one,
 * `success` otherwise.
 */
export async function publishCheckRun(
  analysis: PullRequestAnalysis,
  options: PublishCheckRunOptions,
): Promise<{ id: number; url: string; annotations: number }> {
  const { client } = options;
  const [owner, repo] = analysis.repository.split("/") as [string, string];
  const findings = allFindings(analysis, analysis.repository);
  const annotations = findings.map((finding) => ({
    path: finding.file,
    start_line: finding.line,
    end_line: finding.line,
    annotation_level: LEVEL(finding),
    title: `${finding.severity}: ${finding.ruleId}`,
    message: `${finding.message}\nFix: ${finding.fixHint}`,
  }));
  const conclusion = findings.some((finding) => atLeast(finding.severity, "high"))
    ? "failure"
    : findings.some((finding) => finding.severity === "medium")
      ? "neutral"
      : "success";
  const title =
    findings.length === 0
      ? "No findings"
      : `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
  const output = (batch: typeof annotations) => ({
    title,
    summary: analysis.summary,
    annotations: batch,
  });
  const run = await client.data("POST /repos/{owner}/{repo}/check-runs", {
    owner,
    repo,
    name: options.name ?? "contexten analysis",
    head_sha: analysis.headSha,
    status: "completed",
    conclusion,
    output: output(annotations.slice(0, 50)),
  });
  for (let start = 50; start < annotations.length; start += 50) {
    await client.data("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner,
      repo,
      check_run_id: Number(run.id),
      output: output(annotations.slice(start, start + 50)),
    });
  }
  return { id: Number(run.id), url: run.html_url ?? "", annotations: annotations.length };
}

/**
 * Posts the analysis as a pull request comment, or edits the comment an earlier analysis
 * posted (found by its hidden marker), so each push updates one comment instead of adding one.
 */
export async function upsertAnalysisComment(
  analysis: PullRequestAnalysis,
  options: { client: GitHubClient },
): Promise<{ id: number; url: string; updated: boolean }> {
  const { client } = options;
  const [owner, repo] = analysis.repository.split("/") as [string, string];
  const body = renderAnalysisComment(analysis, allFindings(analysis, analysis.repository));
  const comments = await client.listComments(analysis.repository, analysis.number);
  const existing = comments.find((comment) => comment.body?.includes(ANALYSIS_COMMENT_MARKER));
  if (existing) {
    const comment = await client.data("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner,
      repo,
      comment_id: Number(existing.id),
      body,
    });
    return { id: Number(comment.id), url: comment.html_url, updated: true };
  }
  const comment = await client.createComment(analysis.repository, analysis.number, body);
  return { id: Number(comment.id), url: comment.html_url, updated: false };
}

/** Sends a short summary of the analysis through a `Notifier` (for example to a Slack channel). */
export function notifyAnalysis(
  analysis: PullRequestAnalysis,
  notifier: Notifier,
  recipient: string,
): Promise<NotificationResult> {
  const findings = allFindings(analysis, analysis.repository);
  const top = findings.slice(0, 5);
  return notifier.sendNotification(recipient, {
    title: `Analysis of ${analysis.repository}#${analysis.number}`,
    message: analysis.summary,
    priority: findings.some((finding) => finding.severity === "critical")
      ? "critical"
      : findings.some((finding) => finding.severity === "high")
        ? "high"
        : "normal",
    url: `https://github.com/${analysis.repository}/pull/${analysis.number}`,
    fields: top.map((finding) => ({
      label: `${finding.severity} ${finding.ruleId}`,
      value: `${finding.file}:${finding.line}`,
    })),
  });
}
