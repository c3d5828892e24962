import { LinearSdk } from "@linear/sdk";

const seen = [];
const sdk = new LinearSdk(async (doc, vars) => {
  seen.push([doc, vars]);
  throw new Error("stop");
});
const which = process.argv[2];
const calls = {
  issue: () => sdk.issue("ENG-1"),
  searchIssues: () => sdk.searchIssues("x", { first: 5 }),
  issues: () => sdk.issues({ filter: {}, first: 5 }),
  createIssue: () => sdk.createIssue({ teamId: "t", title: "x" }),
  teams: () => sdk.teams(),
  workflowStates: () => sdk.workflowStates({}),
  issueLabels: () => sdk.issueLabels({}),
  users: () => sdk.users({}),
  attachmentLinkURL: () => sdk.attachmentLinkURL("i", "https://x"),
  attachmentLinkGitHubPR: () => sdk.attachmentLinkGitHubPR("i", "https://x"),
  createComment: () => sdk.createComment({ issueId: "i", body: "b" }),
  viewer: () => sdk.viewer,
  rateLimitStatus: () => sdk.rateLimitStatus,
};
seen.length = 0;
try {
  await calls[which]();
} catch {}
console.log(seen[0][0]);
