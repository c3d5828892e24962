import {
  type CorrelatedEvent,
  CorrelationKeys,
  deriveEventId,
  type EventRef,
  type EventSubject,
  type Evidence,
  extractReferences,
  mergeReferences,
  sealEvent,
} from "@contexten/core";
import type { LinkedPullRequestFields, RepositoryFields } from "../github-payload";
import { extractionOptions, type NormalizeInput } from "./normalize-input";

/** What a normalizer decides; {@link buildEvent} adds everything common. */
export interface EventParts {
  /** Overrides `github.<event>.<action>`. */
  type?: string;
  /** What the event is about. */
  subject: EventSubject;
  /** Keys the event is. */
  keys: readonly string[];
  /** Keys it mentions (merged: each key once, strongest evidence; its own keys dropped). */
  refs: readonly EventRef[];
  /** Candidate timestamps, best first; the first valid one is `occurredAt`. */
  occurredAt?: readonly unknown[];
}

/** A type segment: lower-case letters, digits, `_` and `-` only (custom actions may hold anything). */
export function typeSegment(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** `github.<event>.<action>`, or `github.<event>.received` for events without an action. */
export function eventType(event: string, action: string | undefined): string {
  return `github.${typeSegment(event)}.${(action && typeSegment(action)) || "received"}`;
}

/** A timestamp from GitHub: ISO 8601, or epoch seconds (`repository.pushed_at`). */
export function toDate(value: unknown): Date | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return new Date(value < 1e12 ? value * 1000 : value);
  }
  if (typeof value !== "string" || value === "") return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The value when it is an http(s) URL, else undefined (subjects must hold valid URLs). */
export function webUrl(value: unknown): string | undefined {
  return typeof value === "string" && /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value)
    ? value
    : undefined;
}

/** A string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The first line of a text, trimmed, at most 200 characters. */
export function firstLine(value: unknown): string | undefined {
  const content = text(value) ?? "";
  const newline = content.indexOf("\n");
  const line = (newline === -1 ? content : content.slice(0, newline)).trim();
  return line ? line.slice(0, 200) : undefined;
}

/** `owner/repo` of the payload's repository. */
export function repositoryOf(payload: { repository?: unknown }): string | undefined {
  return text((payload.repository as RepositoryFields | null | undefined)?.full_name);
}

/** `owner/repo` from an API URL such as `https://api.github.com/repos/acme/api`. */
export function repositoryFromApiUrl(url: unknown): string | undefined {
  const match = typeof url === "string" ? /\/repos\/([^/]+\/[^/?#]+)/.exec(url) : null;
  return match?.[1];
}

/** Refs for a commit sha (full and 7-character keys), evidence `sha`. */
export function shaRefs(sha: unknown, field: string): EventRef[] {
  const value = text(sha);
  if (!value || !/^[0-9a-f]{7,40}$/i.test(value) || /^0+$/.test(value)) return [];
  return CorrelationKeys.gitShaKeys(value).map((key) => ({ key, evidence: "sha" as const, field }));
}

/** Refs to the pull requests a CI object lists (`pull_requests`), evidence `attachment`. */
export function linkedPullRequestRefs(
  pullRequests: readonly LinkedPullRequestFields[] | null | undefined,
  repository: string,
  field: string,
): EventRef[] {
  const refs: EventRef[] = [];
  for (const [index, pullRequest] of (pullRequests ?? []).entries()) {
    if (typeof pullRequest?.number !== "number") continue;
    const base = repositoryFromApiUrl(pullRequest.base?.repo?.url) ?? repository;
    refs.push({
      key: CorrelationKeys.githubPullRequest(base, pullRequest.number),
      evidence: "attachment",
      field: `${field}[${index}]`,
    });
  }
  return refs;
}

/**
 * References in free text (a title, body, comment or commit message), through core's
 * `extractReferences`. `closing: false` turns `closes` evidence into `body`: GitHub only
 * acts on closing words in pull request descriptions and commit messages, so "Fixes #12"
 * in a comment or an issue is a mention, not a close.
 */
export function textRefs(
  input: NormalizeInput,
  value: unknown,
  field: string,
  options: { repository?: string; evidence?: Evidence; closing?: boolean } = {},
): EventRef[] {
  const content = text(value);
  if (!content) return [];
  const refs = extractReferences(content, {
    ...extractionOptions(input.references),
    field,
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.repository ? { defaultRepository: options.repository } : {}),
  });
  if (options.closing !== false) return refs;
  return refs.map((ref) =>
    ref.evidence === "closes" ? { ...ref, evidence: "body" as const } : ref,
  );
}

/**
 * Builds the `CorrelatedEvent`: id derived from the delivery (redeliveries get the same
 * id), type, platform, times, subject, keys (deduplicated), refs (merged, without the
 * event's own keys) and the raw payload, sealed (validated once and frozen; see core's
 * `sealEvent`).
 */
export function buildEvent(input: NormalizeInput, parts: EventParts): CorrelatedEvent {
  const keys = [...new Set(parts.keys)];
  const own = new Set(keys);
  let occurredAt: Date | undefined;
  for (const candidate of parts.occurredAt ?? []) {
    occurredAt = toDate(candidate);
    if (occurredAt) break;
  }
  return sealEvent({
    id: deriveEventId("github", input.deliveryId, 0),
    type: parts.type ?? eventType(input.event, input.action),
    platform: "github",
    occurredAt: occurredAt ?? input.receivedAt,
    receivedAt: input.receivedAt,
    deliveryId: input.deliveryId,
    subject: parts.subject,
    keys,
    refs: mergeReferences(parts.refs).filter((ref) => !own.has(ref.key)),
    payload: input.payload,
    correlationId: null,
    parentEventId: null,
    workflowId: null,
  });
}

/** Drops undefined fields from a subject (the schema wants them absent, not undefined). */
export function subject(fields: {
  kind: string;
  id: string;
  key?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
}): EventSubject {
  const result: EventSubject = { kind: fields.kind, id: fields.id };
  if (fields.key) result.key = fields.key;
  if (fields.url) result.url = fields.url;
  if (fields.title) result.title = fields.title;
  return result;
}
