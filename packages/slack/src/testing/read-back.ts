import type { DeliveredNotification } from "@contexten/core/testing";
import type { FakeSlackMessage, FakeSlackState } from "./fake-slack-state";

function collectText(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectText(item, into);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "text" && typeof child === "string") into.push(child);
    else collectText(child, into);
  }
}

/** Every human-readable text of a message: its fallback `text` and all text in its blocks. */
export function messageText(message: Pick<FakeSlackMessage, "text" | "blocks">): string {
  const parts = [message.text];
  collectText(message.blocks, parts);
  return parts.join("\n");
}

/** The `action_id`s of a message's interactive elements, in order. */
export function messageActionIds(message: Pick<FakeSlackMessage, "blocks">): string[] {
  const ids: string[] = [];
  for (const block of message.blocks as {
    type?: string;
    elements?: unknown[];
    accessory?: unknown;
  }[]) {
    const elements = block.type === "actions" ? (block.elements ?? []) : [block.accessory];
    for (const element of elements) {
      const id = (element as { action_id?: unknown } | undefined)?.action_id;
      if (typeof id === "string") ids.push(id);
    }
  }
  return ids;
}

/**
 * What the fake Slack really holds for a sent message, in the shape core's
 * `runNotifierConformance` reads back; undefined when no such message arrived.
 */
export function readBackNotification(
  state: FakeSlackState,
  sent: { recipient: string; messageId: string },
): DeliveredNotification | undefined {
  const message = state.message(sent.recipient, sent.messageId);
  if (!message) return undefined;
  return {
    recipient: message.channel,
    text: messageText(message),
    actionIds: messageActionIds(message),
  };
}
