import { deriveEventId } from "../events/derive-event-id";
import { sealEvent } from "../events/seal-event";
import {
  type CorrelatedEvent,
  correlationKeySchema,
  type EventRef,
  type EventSubject,
  type Evidence,
  eventSubjectSchema,
  evidenceSchema,
} from "../models/correlated-event";
import { EVENT_TYPE_PATTERN } from "../models/event-type";
import type { Platform } from "../models/platform";
import { mergeReferences } from "../references/merge-references";
import { boundKey } from "./bound-key";
import { readDate } from "./read-payload";

/** What every event built from one delivery shares. */
export interface EventContext {
  /** The adapter's platform, e.g. `github`; the first part of every event id. */
  platform: Platform;
  /** The delivery id; with the event's index it derives the event id. */
  deliveryId: string;
  /** When the request arrived; `occurredAt` when no candidate time is valid. */
  receivedAt: Date;
  /** The delivery's parsed body, the payload of every event that names no other. */
  payload: Record<string, unknown>;
}

/** What an event is about, as a normalizer found it; invalid fields are dropped. */
export interface SubjectParts {
  /** Kind of object (`pull_request`, `message`, …); `unknown` when empty. */
  kind: string;
  /** The platform's id for it; the delivery id when empty. */
  id: string | undefined;
  /** Human key (`ENG-123`, `acme/api#42`), when there is one. */
  key?: string | undefined;
  /** Link to it; dropped unless it is a valid URL. */
  url?: string | undefined;
  /** Title or first line. */
  title?: string | undefined;
}

/** What a normalizer decides for one event; {@link buildEvent} adds the rest. */
export interface EventParts {
  /** Namespaced type (`github.pull_request.opened`); `<platform>.unknown` when invalid. */
  type: string;
  /** What the event is about. */
  subject: SubjectParts;
  /** Keys the event is: deduplicated, invalid ones dropped. */
  keys?: readonly (string | undefined)[];
  /**
   * Keys it mentions: merged (each key once, strongest evidence), refs to the event's own
   * keys and invalid ones dropped.
   */
  refs?: readonly EventRef[];
  /**
   * Candidate times, best first (a `Date`, ISO string or epoch number); the first valid
   * one is `occurredAt`, else the request's arrival.
   */
  occurredAt?: readonly unknown[];
  /** The payload; default the delivery's body. Pass the parsed body itself when you can. */
  payload?: Record<string, unknown>;
  /** The workflow run the event belongs to. */
  workflowId?: string | undefined;
}

const EVIDENCE: ReadonlySet<string> = new Set(evidenceSchema.options);
const MAX_EXCERPT = 500;

function isCorrelationKey(key: string): boolean {
  return correlationKeySchema.safeParse(key).success;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Bounded, valid keys, each once, in their first order. */
function eventKeys(candidates: readonly unknown[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    const key = boundKey(candidate);
    if (seen.has(key) || !isCorrelationKey(key)) continue;
    seen.add(key);
    keys.push(key);
  }
  return keys;
}

/** A clean copy of a ref (bounded key, known evidence, string field, short excerpt), or none. */
function eventRef(ref: unknown): EventRef | undefined {
  if (typeof ref !== "object" || ref === null) return undefined;
  const { key, evidence, field, excerpt } = ref as Record<string, unknown>;
  if (typeof key !== "string" || typeof evidence !== "string" || !EVIDENCE.has(evidence)) {
    return undefined;
  }
  const bounded = boundKey(key);
  if (!isCorrelationKey(bounded)) return undefined;
  const clean: EventRef = { key: bounded, evidence: evidence as Evidence };
  if (typeof field === "string") clean.field = field;
  if (typeof excerpt === "string") clean.excerpt = excerpt.slice(0, MAX_EXCERPT);
  return clean;
}

function eventSubject(parts: SubjectParts, deliveryId: string): EventSubject {
  const subject: EventSubject = {
    kind: text(parts.kind) ?? "unknown",
    id: text(parts.id) ?? deliveryId,
  };
  const key = text(parts.key);
  if (key) subject.key = key;
  const url = text(parts.url);
  if (url && eventSubjectSchema.shape.url.safeParse(url).success) subject.url = url;
  const title = text(parts.title);
  if (title) subject.title = title;
  return subject;
}

function occurredAt(candidates: readonly unknown[] | undefined, receivedAt: Date): Date {
  for (const candidate of candidates ?? []) {
    const date = readDate(candidate);
    if (date) return date;
  }
  return receivedAt;
}

/**
 * Builds and seals one `CorrelatedEvent` from what a normalizer found, for every adapter
 * alike. It never throws on what came from a payload:
 *
 * - the id is `deriveEventId(platform, deliveryId, index)`, so a redelivery yields the
 *   same ids and events of one delivery differ by their position;
 * - keys are deduplicated; refs are merged (each key once, strongest evidence; core's
 *   `mergeReferences`) and refs to the event's own keys dropped;
 * - every key passes through `boundKey`, and a key or ref that still fails
 *   `correlationKeySchema` is dropped, as is a ref with unknown evidence;
 * - subject fields that are not non-empty strings are dropped (an empty `kind` becomes
 *   `unknown`, an empty `id` the delivery id), and so is a `url` that is not a valid URL;
 * - an invalid type becomes `<platform>.unknown`; `occurredAt` is the first valid
 *   candidate time, else the arrival time;
 * - the result is sealed with `sealEvent` (validated once, frozen).
 *
 * @example
 * buildEvent({ platform: "github", deliveryId, receivedAt, payload }, 0, {
 *   type: "github.pull_request.opened",
 *   subject: { kind: "pull_request", id: nodeId, key: "acme/api#42", url },
 *   keys: [CorrelationKeys.githubPullRequest("acme/api", 42)],
 *   refs: extractReferences(body, { field: "pull_request.body" }),
 *   occurredAt: [readString(payload, "pull_request", "created_at")],
 * });
 */
export function buildEvent(
  context: EventContext,
  index: number,
  parts: EventParts,
): CorrelatedEvent {
  const keys = eventKeys(parts.keys ?? []);
  const own = new Set(keys);
  const candidates: EventRef[] = [];
  for (const ref of parts.refs ?? []) {
    const clean = eventRef(ref);
    if (clean && !own.has(clean.key)) candidates.push(clean);
  }
  const type = EVENT_TYPE_PATTERN.test(parts.type) ? parts.type : `${context.platform}.unknown`;
  return sealEvent({
    id: deriveEventId(context.platform, context.deliveryId, index),
    type,
    platform: context.platform,
    occurredAt: occurredAt(parts.occurredAt, context.receivedAt),
    receivedAt: context.receivedAt,
    deliveryId: context.deliveryId,
    subject: eventSubject(parts.subject, context.deliveryId),
    keys,
    refs: mergeReferences(candidates),
    payload: parts.payload ?? context.payload,
    correlationId: null,
    parentEventId: null,
    workflowId: text(parts.workflowId) ?? null,
  });
}
