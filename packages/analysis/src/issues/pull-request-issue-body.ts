import type { IssuePriority } from "@contexten/core";
import { type Finding, type FindingSeverity, SEVERITY_ORDER } from "../analysis-types";
import { fingerprintOf } from "../fingerprint";

/** The pull request an automated issue is about. */
export interface IssuePullRequest {
  /** `owner/repo`. */
  repository: string;
  /** Pull request number. */
  number: number;
  /** Link to the pull request; `https://github.com/<repository>/pull/<number>` when absent. */
  url?: string | undefined;
}

/**
 * The stable fingerprint of a pull request's automated issue: repository and number, so
 * every analysis of the same pull request finds the same issue.
 */
export function pullRequestFingerprint(pullRequest: IssuePullRequest): string {
  return fingerprintOf({
    repository: pullRequest.repository,
    ruleId: "pull-request-issue",
    file: "",
    code: String(pullRequest.number),
  });
}

/** The token an issue's description carries so a later analysis finds it. */
export function fingerprintToken(fingerprint: string): string {
  return `contexten-analysis-${fingerprint}`;
}

const FINDING_TOKEN = /contexten-finding-([0-9a-f]{20})/g;
const findingToken = (fingerprint: string) => `contexten-finding-${fingerprint}`;

/** The finding fingerprints listed in an issue description written by this package. */
export function listedFingerprints(description: string): Set<string> {
  return new Set([...description.matchAll(FINDING_TOKEN)].map((match) => match[1]!));
}

const PRIORITY: Record<FindingSeverity, IssuePriority> = {
  critical: "urgent",
  high: "high",
  medium: "normal",
  low: "low",
  info: "none",
};
const PRIORITY_ORDER: readonly IssuePriority[] = ["urgent", "high", "normal", "low", "none"];

/** The tracker priority of the most severe finding. */
export function priorityOf(findings: readonly Finding[]): IssuePriority {
  const severities = findings.map((finding) => SEVERITY_ORDER.indexOf(finding.severity));
  return PRIORITY[SEVERITY_ORDER[Math.min(...severities)] ?? "info"];
}

/** Whether priority `a` is more urgent than `b`. */
export function moreUrgent(a: IssuePriority, b: IssuePriority): boolean {
  return PRIORITY_ORDER.indexOf(a) < PRIORITY_ORDER.indexOf(b);
}

/** The issue title for a pull request with `count` listed findings. */
export function issueTitle(pullRequest: IssuePullRequest, count: number): string {
  return `Code analysis: ${count} severe finding${count === 1 ? "" : "s"} in ${pullRequest.repository}#${pullRequest.number}`;
}

/** One checklist item: severity, rule, file:line, message, fix hint and the finding's token. */
export function checklistItem(finding: Finding): string {
  return [
    `- [ ] **${finding.severity}** \`${finding.ruleId}\` at \`${finding.file}:${finding.line}\`: ${finding.message}`,
    `  Fix: ${finding.fixHint}`,
    `  Finding: \`${findingToken(finding.fingerprint)}\``,
  ].join("\n");
}

const trailerOf = (fingerprint: string) => `Pull request: \`${fingerprintToken(fingerprint)}\``;

/** The description of a new issue: a link to the pull request, the checklist, the PR's token. */
export function renderIssueDescription(
  pullRequest: IssuePullRequest,
  findings: readonly Finding[],
  floor: FindingSeverity,
): string {
  const url =
    pullRequest.url ?? `https://github.com/${pullRequest.repository}/pull/${pullRequest.number}`;
  return [
    `Code analysis of [${pullRequest.repository}#${pullRequest.number}](${url}) found these ${floor} or more severe findings. Check each one off once it is fixed.`,
    "",
    ...findings.map(checklistItem),
    "",
    trailerOf(pullRequestFingerprint(pullRequest)),
  ].join("\n");
}

/**
 * The description with `findings` appended to its checklist (before the pull request's
 * token, or at the end when someone removed it), leaving what people edited, such as
 * checked items, as it is.
 */
export function appendToDescription(
  description: string,
  pullRequest: IssuePullRequest,
  findings: readonly Finding[],
): string {
  const items = findings.map(checklistItem).join("\n");
  const trailer = trailerOf(pullRequestFingerprint(pullRequest));
  const at = description.lastIndexOf(trailer);
  if (at < 0) return `${description.trimEnd()}\n${items}\n\n${trailer}`;
  return `${description.slice(0, at).trimEnd()}\n${items}\n\n${description.slice(at)}`;
}
