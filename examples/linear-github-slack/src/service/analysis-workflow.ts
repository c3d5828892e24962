import type { WorkflowDefinitionInput } from "@contexten/core";

/**
 * Pull request analysis on every push: when a PR opens or gets new commits, analyse it
 * (`analysis.analyzePullRequest` publishes a check run with annotations, edits its one PR
 * comment, and posts the summary to Slack), then file a Linear issue per critical or
 * high finding (`analysis.createIssues`, once per finding however often the PR is pushed).
 */
export function pullRequestAnalysisWorkflow(channel: string): WorkflowDefinitionInput {
  return {
    id: "pull-request-analysis",
    name: "Pull request analysis",
    description:
      "Analyse each push to a PR: check run, one updated comment, Slack summary, Linear issues for severe findings.",
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
        name: "File issues for severe findings",
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
