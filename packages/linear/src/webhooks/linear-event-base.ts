import type { CorrelatedEvent, EventRef, WebhookDelivery, WebhookRequest } from "@contexten/core";
import {
  buildEvent,
  EVENT_TYPE_PATTERN,
  platformObjectKey,
  type SubjectParts,
} from "@contexten/core/adapter";
import type { LinearWebhookPayload } from "./linear-webhook-payload";

const PAST_TENSE: ReadonlyMap<string, string> = new Map([
  ["create", "created"],
  ["update", "updated"],
  ["remove", "removed"],
  ["restore", "restored"],
]);

/** Brand names written with an inner capital that are still one word. */
const ONE_WORD_NAMES: readonly (readonly [RegExp, string])[] = [
  [/GitHub/g, "Github"],
  [/GitLab/g, "Gitlab"],
];

/**
 * A Linear type or action name in snake case, word by word: `IssueLabel` → `issue_label`,
 * `highRisk` → `high_risk`; an acronym stays one word (`IssueSLA` → `issue_sla`,
 * `XMLImport` → `xml_import`), and so does a word led by a single capital letter
 * (`OAuthApp` → `oauth_app`, `EMailDigest` → `email_digest`) or a known brand
 * (`GitHubSync` → `github_sync`). Characters other than letters, digits, `_` and `-`
 * become `_`.
 */
export function snakeCase(name: string): string {
  let text = name;
  for (const [pattern, replacement] of ONE_WORD_NAMES) text = text.replace(pattern, replacement);
  return (
    text
      // A lone capital before a capitalized word belongs to it: OAuth, EMail.
      .replace(/(?<![A-Z])([A-Z])([A-Z])(?=[a-z])/g, (_, lead: string, next: string) => {
        return lead + next.toLowerCase();
      })
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "_")
      .replace(/^_+|_+$/g, "")
  );
}

/**
 * The event type of a Linear webhook: `linear.<type>.<action>` with the type in snake
 * case and the usual actions in past tense (`linear.issue.created`,
 * `linear.issue_label.updated`, `linear.issue.removed`); any other action keeps its own
 * name (`linear.issue_sla.high_risk`).
 */
export function linearEventType(type: string, action: string): string {
  const kind = (typeof type === "string" && snakeCase(type)) || "unknown";
  const verb =
    PAST_TENSE.get(action) ?? ((typeof action === "string" && snakeCase(action)) || "unknown");
  const eventType = `linear.${kind}.${verb}`;
  return EVENT_TYPE_PATTERN.test(eventType) ? eventType : "linear.unknown.unknown";
}

/**
 * `linear:<kind>:<id>`, the identity key of a Linear object without a dedicated builder.
 * Throws `ValidationError` for an id that is empty or holds whitespace (normalizers use
 * core's `objectKey`, which drops such a key instead).
 */
export function linearObjectKey(kind: string, id: string): string {
  return platformObjectKey("linear", kind, id);
}

/** What a normalizer decides for one event; the rest comes from the delivery. */
export interface LinearEventParts {
  /** Event type. */
  type: string;
  /** What the event is about; fields that are not non-empty strings are dropped. */
  subject: SubjectParts;
  /** Keys the event is (deduplicated; invalid ones dropped). */
  keys: readonly (string | undefined)[];
  /** Keys it mentions (merged; refs to its own keys and invalid ones dropped). */
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

/**
 * Turns normalizer output into `CorrelatedEvent`s with core's `buildEvent`: ids derived
 * from the delivery and position (stable across redeliveries), `occurredAt` from the
 * action's `createdAt` (else the signed `webhookTimestamp`), keys deduplicated, refs
 * merged without the event's own keys, invalid parts dropped.
 */
export function buildLinearEvents(
  input: LinearNormalizeInput,
  parts: readonly LinearEventParts[],
): CorrelatedEvent[] {
  const { delivery, request } = input;
  const context = {
    platform: "linear",
    deliveryId: delivery.deliveryId,
    receivedAt: request.receivedAt,
    payload: delivery.body,
  };
  const occurredAt = [delivery.body.createdAt, delivery.body.webhookTimestamp];
  return parts.map((part, index) => buildEvent(context, index, { ...part, occurredAt }));
}
