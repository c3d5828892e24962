import { z } from "zod";
import { eventTypeSchema } from "./event-type";
import { platformSchema } from "./platform";

/** A plain object (what `JSON.parse` makes), not an array, `Date`, `Map` or class instance. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * How a reference was found. Evidence sets the strength of the correlation it produces
 * (see `EVIDENCE_STRENGTH` in the correlation module):
 *
 * - `closes`: a closing word before the key ("Fixes ENG-123", "closes #42");
 * - `branch`: the key is in a branch name (`eng-123-fix-login`);
 * - `sha`: a commit sha ties the events (check run on a PR's head sha);
 * - `thread`: same Slack thread;
 * - `attachment`: the platform itself linked them (a Linear attachment, a PR's `pull_requests`);
 * - `title`: mentioned in a title;
 * - `body`: mentioned in a body, description or commit message;
 * - `mentions`: a link-only word ("refs ENG-123", "part of ENG-123");
 * - `url`: a URL to the other object appears somewhere;
 * - `identity`: both events *are* the same object (they share one of their `keys`, e.g. a
 *   pull request opened and later merged); set by the correlation engine, never by adapters.
 */
export const evidenceSchema = z.enum([
  "identity",
  "closes",
  "branch",
  "sha",
  "thread",
  "attachment",
  "title",
  "body",
  "mentions",
  "url",
]);

/** See {@link evidenceSchema}. */
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Schema for a correlation key: `<namespace>:<kind>:<value>`, e.g. `linear:issue:ENG-123`,
 * `github:pr:acme/api#42`, `git:sha:<40 hex>`. Build keys with the helpers in `keys/`.
 */
export const correlationKeySchema = z
  .string()
  .min(3)
  .max(2048)
  .regex(/^[a-z][a-z0-9_-]*:[^\s]+$/, "correlation key must look like namespace:kind:value");

/** A key this event mentions, with the evidence that it does. */
export const eventRefSchema = z.object({
  /** The correlation key that is referenced, e.g. `linear:issue:ENG-123`. */
  key: correlationKeySchema,
  /** How the reference was found; sets its strength. */
  evidence: evidenceSchema,
  /** Where it was found: `title`, `body`, `branch`, `commits[2].message`, … */
  field: z.string().optional(),
  /** A short excerpt around the match, for humans reading the lineage. */
  excerpt: z.string().max(500).optional(),
});

/** See {@link eventRefSchema}. */
export type EventRef = z.infer<typeof eventRefSchema>;

/** What an event is about. */
export const eventSubjectSchema = z.object({
  /** Kind of object: `issue`, `pull_request`, `branch`, `commit`, `check_run`, `message`, … */
  kind: z.string().min(1),
  /** The platform's own id for it (node id, UUID, `C123/1700000000.000100`, …). */
  id: z.string().min(1),
  /** The human key: `ENG-123`, `acme/api#42`, a branch name. */
  key: z.string().optional(),
  /** Link to it on the platform. */
  url: z.string().url().optional(),
  /** Title or first line, for display. */
  title: z.string().optional(),
});

/** See {@link eventSubjectSchema}. */
export type EventSubject = z.infer<typeof eventSubjectSchema>;

const optionalId = z.string().min(1).nullable().optional();

/**
 * One event from any platform, normalized, with the metadata the correlation engine
 * needs. Adapters produce these from webhooks; stores persist them; the engine links
 * them.
 */
export const correlatedEventSchema = z.object({
  /** Unique id. Adapters derive it from the delivery so redeliveries get the same id. */
  id: z.string().min(1).max(200),
  /** Namespaced type, e.g. `github.pull_request.opened`. */
  type: eventTypeSchema,
  /** Originating platform. */
  platform: platformSchema,
  /** When it happened on the platform. */
  occurredAt: z.coerce.date(),
  /** When contexten received it. */
  receivedAt: z.coerce.date(),
  /** The webhook delivery it came from (`X-GitHub-Delivery`, Slack `event_id`, …). */
  deliveryId: z.string().min(1).nullable().optional(),
  /** What the event is about. */
  subject: eventSubjectSchema,
  /** Correlation keys this event *is* (its subject's identities). */
  keys: z.array(correlationKeySchema).default([]),
  /** Correlation keys this event *mentions*, each with evidence. */
  refs: z.array(eventRefSchema).default([]),
  /**
   * The raw platform payload, a JSON object. Checked, not copied: the event keeps the very
   * object it was given, so a payload parsed by a webhook source (frozen, its text
   * remembered) can be stored as the text it arrived as.
   */
  payload: z
    .custom<Record<string, unknown>>(isJsonObject, { message: "Expected a JSON object" })
    .default(() => ({})),
  /** Group id shared by every event correlated with this one (set by the engine). */
  correlationId: optionalId,
  /** The event that caused this one, e.g. the webhook that triggered a workflow. */
  parentEventId: optionalId,
  /** The workflow run this event belongs to, if any. */
  workflowId: optionalId,
  /**
   * What contexten changed so the event could be stored as received, one sentence per
   * change, e.g. `payload: 2 NUL characters replaced with U+FFFD` or `occurredAt:
   * +275760-09-13T00:00:00.000Z is outside the years 1 to 9999 stores keep; receivedAt used
   * instead`. Absent when nothing was changed, which is almost always. Events are repaired
   * when they are sealed or appended (see `toStorableEvent`), so every store keeps the same
   * data and a delivery is never refused for what it contains.
   */
  notes: z.array(z.string()).optional(),
});

/** A normalized, correlatable event. See {@link correlatedEventSchema}. */
export type CorrelatedEvent = z.output<typeof correlatedEventSchema>;

/** What to pass to build a {@link CorrelatedEvent}: defaults (keys, refs, payload) may be omitted. */
export type CorrelatedEventInput = z.input<typeof correlatedEventSchema>;
