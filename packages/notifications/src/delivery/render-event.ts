import type { CorrelatedEvent, UnifiedNotificationInput } from "@contexten/core";
import { findActor } from "../routing/owners";

function words(type: string): string {
  return type.split(".").slice(1).join(" ").replaceAll("_", " ");
}

/**
 * The default rendering of an event as a notification: the subject's key and title as the
 * headline, what happened and who did it as the message, the subject's link, and the
 * event type as a field. Pass `render` to the router for your own wording.
 */
export function renderEventNotification(event: CorrelatedEvent): UnifiedNotificationInput {
  const subject = event.subject;
  const name = subject.key ?? subject.id;
  const actor = findActor(event);
  return {
    title: subject.title ? `${name}: ${subject.title}` : `${name}: ${words(event.type)}`,
    message: `${event.platform} ${words(event.type)}${actor ? ` by ${actor.id}` : ""}`,
    priority: "normal",
    fields: [{ label: "Event", value: event.type }],
    ...(subject.url ? { url: subject.url } : {}),
  };
}
