import type { WorkflowDefinitionInput } from "@contexten/core";

/**
 * Pull request analysis on every push: when a PR opens or gets new commits, analyse it
 * (`analysis.analyzePullRequest` publishes a check run with annotations, edits its one PR
 * comment, and posts the summary to Slack), then file one Linear issue per PR listing its
 * critical and high findings (`analysis.createIssues`: a later push adds its new findings
 * to the same issue; a push without new ones changes nothing).
 */
export function pullRequestAnalysisWorkflow(channel: string): WorkflowDefinitionInput {
  return {
    id: "pull-request-analysis",
    name: "Pull request analysis",
    description:
      "Analyse each push to a PR: check run, one updated comment, Slack summary, one Linear issue per PR for its severe findings.",
    triggerPatterns: [{ type: ["github.pull_request.opened", "github.pull_request.synchronize"] }],
    steps: [
      {
        id: "analyze",
        name: "Analyse the pull request",
        action: "analysis.analyzePullRequest",
        input: {
          repository: "{{trigger.payload.repository.full_name}}",
          number: "{{trigger.payload.pull_request.number}}",
          notify: channel,
        },
      },
      {
        id: "issues",
        name: "File or update the PR's issue for severe findings",
        action: "analysis.createIssues",
        dependsOn: ["analyze"],
        input: {
          repository: "{{steps.analyze.output.repository}}",
          number: "{{steps.analyze.output.number}}",
          findings: "{{steps.analyze.output.findings}}",
        },
      },
    ],
  };
}
