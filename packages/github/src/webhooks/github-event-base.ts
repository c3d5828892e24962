import type { CorrelatedEvent } from "@contexten/core";
import { buildEvent, type EventParts, typeSegment } from "@contexten/core/adapter";
import type { NormalizeInput } from "./normalize-input";

/** What a GitHub normalizer decides; {@link buildGitHubEvent} adds everything common. */
export interface GitHubEventParts extends Omit<EventParts, "type" | "payload" | "workflowId"> {
  /** Overrides `github.<event>.<action>`. */
  type?: string;
}

/** `github.<event>.<action>`, or `github.<event>.received` for events without an action. */
export function githubEventType(event: string, action: string | undefined): string {
  return `github.${typeSegment(event)}.${typeSegment(action, "received")}`;
}

/**
 * The delivery's one event, through core's `buildEvent`: id `deriveEventId("github",
 * deliveryId, 0)`, type `github.<event>.<action>` unless the parts name one, the raw
 * payload; keys, refs and subject validated there (invalid ones dropped, never thrown).
 */
export function buildGitHubEvent(input: NormalizeInput, parts: GitHubEventParts): CorrelatedEvent {
  return buildEvent(
    {
      platform: "github",
      deliveryId: input.deliveryId,
      receivedAt: input.receivedAt,
      payload: input.payload,
    },
    0,
    { ...parts, type: parts.type ?? githubEventType(input.event, input.action) },
  );
}
