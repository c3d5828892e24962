import type { KnownBlock } from "@slack/web-api";

/**
 * A message for an interaction's `response_url` or a slash command's immediate reply.
 * Without `response_type` Slack shows it only to the user who acted (`ephemeral`).
 */
export interface ResponseUrlMessage {
  /** Text (mrkdwn); also the fallback when `blocks` are given. */
  text?: string;
  /** Block Kit layout. */
  blocks?: KnownBlock[];
  /** `ephemeral` (default: only the user sees it) or `in_channel` (everyone does). */
  response_type?: "ephemeral" | "in_channel";
  /** Replace the message the interaction came from (buttons in messages). */
  replace_original?: boolean;
  /** Delete the message the interaction came from. */
  delete_original?: boolean;
  /** Post into this thread. */
  thread_ts?: string;
}
