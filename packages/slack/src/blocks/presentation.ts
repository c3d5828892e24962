import type { NotificationPriority, WorkflowStatus } from "@contexten/core";

/** How a priority or status is shown: a Slack emoji short code and a label. */
export interface SlackBadge {
  /** Emoji short code, e.g. `:rotating_light:`. */
  emoji: string;
  /** Human label, e.g. `Critical`. */
  label: string;
}

/** How each notification priority is shown: an emoji and a label people can scan. */
export const PRIORITY_BADGES: Readonly<Record<NotificationPriority, SlackBadge>> = Object.freeze({
  critical: { emoji: ":rotating_light:", label: "Critical" },
  high: { emoji: ":red_circle:", label: "High" },
  normal: { emoji: ":large_blue_circle:", label: "Normal" },
  low: { emoji: ":white_circle:", label: "Low" },
});

/** How each workflow status is shown in a thread status update. */
export const STATUS_BADGES: Readonly<Record<WorkflowStatus, SlackBadge>> = Object.freeze({
  pending: { emoji: ":hourglass_flowing_sand:", label: "Pending" },
  running: { emoji: ":arrows_counterclockwise:", label: "Running" },
  waiting: { emoji: ":raised_hand:", label: "Waiting for input" },
  completed: { emoji: ":white_check_mark:", label: "Completed" },
  failed: { emoji: ":x:", label: "Failed" },
  canceled: { emoji: ":no_entry_sign:", label: "Canceled" },
  timed_out: { emoji: ":alarm_clock:", label: "Timed out" },
});
