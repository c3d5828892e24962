import type { WorkflowStatus } from "@contexten/core";
import type { ContextBlock, KnownBlock } from "@slack/web-api";
import { escapeMrkdwn, truncateText } from "./mrkdwn";
import { STATUS_BADGES } from "./presentation";
import { SLACK_LIMITS } from "./slack-limits";

/** A status to show on a thread: the workflow state and an optional note. */
export interface ThreadStatus {
  /** Workflow state. */
  status: WorkflowStatus;
  /** What happened, in Markdown-free text, e.g. `Deployed to production`. */
  text?: string;
}

/** `block_id` of the status line contexten keeps on a thread's root message. */
export const STATUS_BLOCK_ID = "contexten_status";

/** `:white_check_mark: *Completed* — deployed`, escaped and within a section's limit. */
export function statusLine(status: ThreadStatus): string {
  const badge = STATUS_BADGES[status.status];
  const note = status.text ? ` — ${escapeMrkdwn(status.text)}` : "";
  return truncateText(`${badge.emoji} *${badge.label}*${note}`, SLACK_LIMITS.sectionText);
}

/** The status line as a context block with {@link STATUS_BLOCK_ID}. */
export function statusBlock(status: ThreadStatus): ContextBlock {
  return {
    type: "context",
    block_id: STATUS_BLOCK_ID,
    elements: [{ type: "mrkdwn", text: statusLine(status) }],
  };
}

/**
 * The root message's blocks with the status line replaced, or appended when there is
 * none yet. At Slack's 50-block limit the last block gives way to the status line.
 * Pure: returns a new array.
 */
export function withStatusBlock(blocks: readonly KnownBlock[], status: ThreadStatus): KnownBlock[] {
  const line = statusBlock(status);
  const existing = blocks.findIndex((block) => block.block_id === STATUS_BLOCK_ID);
  if (existing !== -1) return blocks.map((block, index) => (index === existing ? line : block));
  const kept = blocks.slice(0, SLACK_LIMITS.messageBlocks - 1);
  return [...kept, line];
}
