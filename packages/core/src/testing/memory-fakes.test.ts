import { describe, expect, it } from "vitest";
import { runIssueTrackerConformance } from "./issue-tracker-conformance";
import { MemoryIssueTracker } from "./memory-issue-tracker";
import { MemoryNotifier } from "./memory-notifier";
import { runNotifierConformance } from "./notifier-conformance";

runIssueTrackerConformance({
  name: "MemoryIssueTracker",
  createTracker: () => new MemoryIssueTracker(),
  labels: ["bug", "frontend"],
  capabilities: { priority: true, canceledStatus: true },
  missingId: "MEM-424242",
});

const notifier = new MemoryNotifier();
runNotifierConformance({
  name: "MemoryNotifier",
  createNotifier: () => notifier,
  recipient: "C-GENERAL",
  readBack: async (result) => {
    const recorded = notifier.sent.find((entry) => entry.result.messageId === result.messageId);
    return (
      recorded && {
        recipient: recorded.result.recipient,
        text: recorded.text,
        actionIds: recorded.actionIds,
      }
    );
  },
  deliveredCount: async () => notifier.sent.length,
});

describe("MemoryIssueTracker specifics", () => {
  it("accepts native status names and rejects unknown ones", async () => {
    const tracker = new MemoryIssueTracker();
    const issue = await tracker.createIssue({ title: "x" });
    expect(
      (await tracker.updateIssue(issue.key, { status: { native: "in progress" } })).status.category,
    ).toBe("in_progress");
    await expect(tracker.updateIssue(issue.key, { status: { native: "Shipped" } })).rejects.toThrow(
      /Unknown status "Shipped"/,
    );
  });
});
