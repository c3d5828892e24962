import { randomBytes } from "node:crypto";
import type { CorrelatedEvent, Correlation } from "@contexten/core";

const BASE_TIME = Date.parse("2025-01-01T00:00:00.000Z");

/** A valid event with a deterministic id and time; override any field. */
export function makeEvent(
  index: number,
  overrides: Partial<CorrelatedEvent> = {},
): CorrelatedEvent {
  return {
    id: `evt-${String(index).padStart(6, "0")}`,
    type: "github.pull_request.opened",
    platform: "github",
    occurredAt: new Date(BASE_TIME + index * 1000),
    receivedAt: new Date(BASE_TIME + index * 1000 + 5),
    deliveryId: `delivery-${index}`,
    subject: { kind: "pull_request", id: `PR_${index}`, key: `acme/api#${index}` },
    keys: [`github:pr:acme/api#${index}`],
    refs: [{ key: "linear:issue:ENG-1", evidence: "closes", field: "body" }],
    payload: { action: "opened", number: index, nested: { ok: true, list: [1, "two", null] } },
    ...overrides,
  };
}

/** A valid link between two events. */
export function makeLink(
  sourceEventId: string,
  targetEventId: string,
  overrides: Partial<Correlation> = {},
): Correlation {
  return {
    id: `link:${sourceEventId}->${targetEventId}`,
    sourceEventId,
    targetEventId,
    rule: "test_rule",
    strength: 0.875,
    evidence: [{ key: "linear:issue:ENG-1", evidence: "closes", field: "body" }],
    createdAt: new Date(BASE_TIME),
    ...overrides,
  };
}

/**
 * Random text PostgreSQL cannot compress: `length` base64 characters. A value this long in
 * an indexed column overflows the btree row limit (SQLSTATE 54000), which repetitive text
 * would not, since index entries are compressed first.
 */
export function incompressibleText(length: number): string {
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString("base64")
    .slice(0, length);
}
