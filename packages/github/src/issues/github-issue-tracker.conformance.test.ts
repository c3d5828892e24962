import type { IssueTracker } from "@contexten/core";
import { runIssueTrackerConformance } from "@contexten/core/testing/conformance";
import { type GitHubHarness, startGitHubHarness } from "../__fixtures__/github-harness";
import { createGitHubIssueTracker } from "./github-issue-tracker";

let harness: GitHubHarness;

runIssueTrackerConformance({
  name: "GitHub Issues (fake GitHub, real @octokit/core)",
  // The real client with GitHub's real budgets (content creation is paced to 500 an hour,
  // search to 30 a minute), so every call runs under fake time: pacing costs no real time.
  createTracker: async (): Promise<IssueTracker> => {
    harness = await startGitHubHarness({
      repositories: [{ fullName: "acme/api", labels: ["bug", "frontend"] }],
    });
    const tracker = createGitHubIssueTracker({ client: harness.client() });
    return {
      platform: tracker.platform,
      createIssue: (input) => harness.finish(tracker.createIssue(input)),
      updateIssue: (id, updates) => harness.finish(tracker.updateIssue(id, updates)),
      getIssue: (id) => harness.finish(tracker.getIssue(id)),
      searchIssues: (query, filters) => harness.finish(tracker.searchIssues(query, filters)),
    };
  },
  cleanup: () => harness.close(),
  container: "acme/api",
  labels: ["bug", "frontend"],
  capabilities: { priority: false, canceledStatus: true },
  missingId: "acme/api#999999",
});
