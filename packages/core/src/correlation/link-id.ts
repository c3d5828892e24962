import { deriveEventId } from "../events/derive-event-id";

/**
 * The id of the link a rule makes between two events: a UUID derived from the rule name
 * and both event ids, so the same rule linking the same events always yields the same id
 * and storing it again is a no-op.
 */
export function linkId(rule: string, sourceEventId: string, targetEventId: string): string {
  return deriveEventId("contexten.link", rule, sourceEventId, targetEventId);
}

/**
 * The `correlationId` of a group whose earliest event is `rootEventId`: a UUID derived
 * from that id, so a group's id depends only on its members, never on arrival order.
 */
export function groupId(rootEventId: string): string {
  return deriveEventId("contexten.correlation", rootEventId);
}
