import { deriveEventId } from "@contexten/core/adapter";
import type { ChatPostMessageArguments } from "@slack/web-api";

/**
 * The `client_msg_id` a workflow step posts with: a UUID derived from the step's
 * idempotency key, the same on every attempt, so Slack answers a retried post with the
 * message it already has instead of posting it again.
 */
export function clientMessageId(idempotencyKey: string): string {
  return deriveEventId("contexten.slack.client_msg_id", idempotencyKey);
}

/** `args` with the step's `client_msg_id` (the Web API types do not list the field). */
export function withClientMessageId(
  args: ChatPostMessageArguments,
  idempotencyKey: string,
): ChatPostMessageArguments {
  return {
    ...args,
    client_msg_id: clientMessageId(idempotencyKey),
  } as unknown as ChatPostMessageArguments;
}
