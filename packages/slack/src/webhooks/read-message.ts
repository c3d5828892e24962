import type { EventRef } from "@contexten/core";
import { readArray, readObject, readString } from "@contexten/core/adapter";
import type { SlackAttachment } from "./slack-payloads";
import { messageReferences, messageTitle } from "./slack-text";

/**
 * Everything a message (an event, an edited message, the message of an interaction)
 * references, read safely: the text only when it is a string, attachments only when they
 * are objects (a string, a number or `null` among them is skipped, and indices stay).
 */
export function messageRefsOf(message: unknown, field: string): EventRef[] {
  const text = readString(message, "text");
  const attachments = readArray(message, "attachments").map(
    (attachment): SlackAttachment => readObject(attachment) ?? {},
  );
  return messageReferences({ type: "message", ...(text ? { text } : {}), attachments }, field);
}

/** The title of a message: the first line of its text, when its text is a string. */
export function messageTitleOf(message: unknown): string | undefined {
  return messageTitle(readString(message, "text"));
}
