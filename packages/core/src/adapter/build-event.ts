import { deriveEventId } from "../events/derive-event-id";
import type { CorrelatedEvent, EventRef } from "../models/correlated-event";
import { EVENT_TYPE_PATTERN } from "../models/event-type";
import type { Platform } from "../models/platform";
import { mergeReferences } from "../references/merge-references";
import { sealEvent, sealedEvents } from "../sealing/seal-event";
import { toStorableEvent } from "../sealing/storable/storable-event";
import {
  firstDate,
  isJsonObject,
  isPlatform,
  nonEmpty,
  validKeys,
  validRef,
  validSubject,
} from "./valid-event-parts";

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
 * - the result is sealed, like `sealEvent`'s (frozen, and accepted by stores and the
 *   correlation engine without another validation), with no second schema parse: each
 *   part was checked as it was built.
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
  const keys = validKeys(parts.keys ?? []);
  const own = new Set(keys);
  const refs: EventRef[] = [];
  for (const ref of parts.refs ?? []) {
    const valid = validRef(ref);
    if (valid && !own.has(valid.key)) refs.push(valid);
  }
  const { platform, deliveryId, receivedAt } = context;
  const payload = parts.payload ?? context.payload;
  const event: CorrelatedEvent = {
    id: deriveEventId(platform, deliveryId, index),
    type: EVENT_TYPE_PATTERN.test(parts.type) ? parts.type : `${platform}.unknown`,
    platform,
    occurredAt: firstDate(parts.occurredAt, receivedAt),
    receivedAt: new Date(receivedAt.getTime()),
    deliveryId,
    subject: validSubject(parts.subject, deliveryId),
    keys,
    refs: mergeReferences(refs),
    payload,
    correlationId: null,
    parentEventId: null,
    workflowId: nonEmpty(parts.workflowId) ?? null,
  };
  // Every part above is valid by construction, so the event is sealed as built: parsing
  // it again was most of the builder's cost on every delivery. What the adapter itself
  // supplies (platform, delivery id, arrival time, payload) goes through the schema when
  // it is off, so a programming error still gets the schema's message.
  const trusted =
    isPlatform(platform) &&
    nonEmpty(deliveryId) !== undefined &&
    Number.isFinite(receivedAt.getTime()) &&
    isJsonObject(payload);
  // Sealed events skip the stores' checks, so the repairs every store needs (NUL, lone
  // surrogates, impossible dates, payloads nested too deep) happen here, as in `sealEvent`.
  return trusted ? sealedEvents.adopt(toStorableEvent(event)) : sealEvent(event);
}
