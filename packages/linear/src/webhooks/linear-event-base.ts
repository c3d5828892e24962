import {
  type CorrelatedEvent,
  deriveEventId,
  EVENT_TYPE_PATTERN,
  type EventRef,
  type EventSubject,
  platformObjectKey,
  sealEvent,
  type WebhookDelivery,
  type WebhookRequest,
} from "@contexten/core";
import type { LinearWebhookPayload } from "./linear-webhook-payload";

const PAST_TENSE: Readonly<Record<string, string>> = {
  create: "created",
  update: "updated",
  remove: "removed",
  restore: "restored",
};

/** `IssueLabel` → `issue_label`, `IssueSLA` → `issue_sla`, `highRisk` → `high_risk`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * The event type of a Linear webhook: `linear.<type>.<action>` with the type in snake
 * case and the usual actions in past tense (`linear.issue.created`,
 * `linear.issue_label.updated`, `linear.issue.removed`); any other action keeps its own
 * name (`linear.issue_sla.high_risk`).
 */
export function linearEventType(type: string, action: string): string {
  const kind = snakeCase(type) || "unknown";
  const verb = PAST_TENSE[action] ?? (snakeCase(action) || "unknown");
  const eventType = `linear.${kind}.${verb}`;
  return EVENT_TYPE_PATTERN.test(eventType) ? eventType : "linear.unknown.unknown";
}

/** `linear:<kind>:<id>`, the identity key of a Linear object without a dedicated builder. */
export function linearObjectKey(kind: string, id: string): string {
  return platformObjectKey("linear", kind, id);
}

/** What a normalizer decides for one event; the rest comes from the delivery. */
export interface LinearEventParts {
  /** Event type. */
  type: string;
  /** What the event is about. */
  subject: EventSubject;
  /** Keys the event is. */
  keys: readonly string[];
  /** Keys it mentions (duplicates of `keys` are dropped). */
  refs: readonly EventRef[];
  /** Payload; default the webhook body. */
  payload?: Record<string, unknown>;
}

/** How references are read from text (see core's `extractReferences`). */
export interface LinearReferenceOptions {
  /** Known Linear team keys: identifiers of exactly these teams match, in any case. */
  teams?: readonly string[] | undefined;
  /** Hosts serving GitHub (default `github.com`; add a GitHub Enterprise host). */
  githubHosts?: readonly string[] | undefined;
}

/** Everything a normalizer receives. */
export interface LinearNormalizeInput {
  /** The parsed delivery. */
  delivery: WebhookDelivery<LinearWebhookPayload>;
  /** The request it came in. */
  request: WebhookRequest;
  /** How references are read from titles, descriptions, bodies and URLs. */
  references: LinearReferenceOptions;
}

function occurredAt(payload: LinearWebhookPayload, receivedAt: Date): Date {
  for (const candidate of [payload.createdAt, payload.webhookTimestamp]) {
    if (candidate === undefined) continue;
    const date = new Date(candidate);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return receivedAt;
}

/**
 * Turns normalizer output into `CorrelatedEvent`s: ids derived from the delivery and
 * position (stable across redeliveries), `occurredAt` from the action's `createdAt`,
 * keys de-duplicated, refs to the event's own keys dropped.
 */
export function toLinearEvents(
  input: LinearNormalizeInput,
  parts: readonly LinearEventParts[],
): CorrelatedEvent[] {
  const { delivery, request } = input;
  const at = occurredAt(delivery.body, request.receivedAt);
  return parts.map((part, index) => {
    const keys = [...new Set(part.keys)];
    return sealEvent({
      id: deriveEventId("linear", delivery.deliveryId, index),
      type: part.type,
      platform: "linear",
      occurredAt: at,
      receivedAt: request.receivedAt,
      deliveryId: delivery.deliveryId,
      subject: part.subject,
      keys,
      refs: part.refs.filter((ref) => !keys.includes(ref.key)),
      payload: part.payload ?? delivery.body,
      correlationId: null,
      parentEventId: null,
      workflowId: null,
    });
  });
}

/** A string field of a record, or undefined. */
export function stringField(record: Record<string, unknown> | undefined, name: string) {
  const value = record?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An object field of a record, or undefined. */
export function objectField(
  record: Record<string, unknown> | undefined,
  name: string,
): Record<string, unknown> | undefined {
  const value = record?.[name];
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A valid http(s) URL or undefined (subjects only accept URLs). */
export function urlField(...candidates: (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === "https:" || url.protocol === "http:") return candidate;
    } catch {
      // Try the next candidate.
    }
  }
  return undefined;
}

/** The first line of a text, at most 120 characters, for a subject title. */
export function titleOf(text: string | undefined): string | undefined {
  const line = text
    ?.split("\n")
    .find((candidate) => candidate.trim() !== "")
    ?.trim();
  if (!line) return undefined;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
