import type { CorrelatedEvent, Correlation } from "@contexten/core";

/** Events per correlation group; each group is one chain with a few extra links. */
export const GROUP_SIZE = 16;

const START = Date.parse("2025-01-01T00:00:00.000Z");
const TYPES = [
  "linear.issue.created",
  "github.push",
  "github.pull_request.opened",
  "github.check_run.completed",
  "github.pull_request.closed",
  "slack.message.posted",
] as const;

/** The id of event `index` (zero-padded so ids sort like the index). */
export function eventId(index: number): string {
  return `bench-${String(index).padStart(8, "0")}`;
}

/**
 * A realistic event: a few keys and refs, a payload of a few hundred bytes. Event `index`
 * belongs to group `floor(index / GROUP_SIZE)`, whose events share an issue key.
 */
export function benchEvent(index: number): CorrelatedEvent {
  const group = Math.floor(index / GROUP_SIZE);
  const type = TYPES[index % TYPES.length]!;
  const platform = type.split(".")[0]!;
  return {
    id: eventId(index),
    type,
    platform,
    occurredAt: new Date(START + index * 1000),
    receivedAt: new Date(START + index * 1000 + 40),
    deliveryId: `delivery-${index}`,
    subject: { kind: "pull_request", id: `PR_${index}`, key: `acme/api#${index}` },
    keys: [`github:pr:acme/api#${index}`, `git:sha:${index.toString(16).padStart(40, "0")}`],
    refs: [{ key: `linear:issue:ENG-${group}`, evidence: "closes", field: "body" }],
    payload: {
      action: "opened",
      number: index,
      title: `Fix the login redirect for ENG-${group}`,
      body: `Fixes ENG-${group}. Moves the redirect check before the session refresh.`,
      head: { ref: `eng-${group}-fix-login`, sha: index.toString(16).padStart(40, "0") },
      labels: [{ name: "bug" }, { name: "auth" }],
    },
  };
}

/**
 * Links inside event `index`'s group that end at `index`: a chain link from the previous
 * event, plus two back-links per group that close cycles (so the walk meets visited events).
 */
export function benchLinks(index: number): Correlation[] {
  const position = index % GROUP_SIZE;
  if (position === 0) return [];
  const link = (source: number, rule: string): Correlation => ({
    id: `${rule}:${eventId(source)}:${eventId(index)}`,
    sourceEventId: eventId(source),
    targetEventId: eventId(index),
    rule,
    strength: 0.9,
    evidence: [{ key: `linear:issue:ENG-${Math.floor(index / GROUP_SIZE)}`, evidence: "closes" }],
    createdAt: new Date(START + index * 1000),
  });
  const links = [link(index - 1, "chain")];
  if (position === 2 || position === 7) links.push(link(index - 2, "skip"));
  return links;
}
