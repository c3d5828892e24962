import { type EventRef, type EventSubject, evidenceSchema } from "../models/correlated-event";
import { boundKey } from "./bound-key";
import { readDate } from "./read-payload";

/*
 * The checks that make an event built by `buildEvent` valid by construction: each one
 * accepts what `correlatedEventSchema` accepts and returns exactly what its parse would,
 * or is stricter (the kit's tests compare built events with the schema's parse). They let
 * the builder drop a bad part instead of failing the whole event, and seal the event
 * without parsing it again.
 */

const EVIDENCE: ReadonlySet<string> = new Set(evidenceSchema.options);
const MAX_EXCERPT = 500;
const KEY_SHAPE = /^[a-z][a-z0-9_-]*:[^\s]+$/;
const PLATFORM = /^[a-z][a-z0-9_-]{0,49}$/;
const WHITESPACE = /\s/;

/** Whether `correlationKeySchema` accepts a key (3 to 2,048 characters, `namespace:…`). */
export function isCorrelationKey(key: string): boolean {
  return key.length >= 3 && key.length <= 2048 && KEY_SHAPE.test(key);
}

/** Whether `platformSchema` accepts a platform name. */
export function isPlatform(platform: unknown): boolean {
  return typeof platform === "string" && PLATFORM.test(platform);
}

/** A plain object, as the event schema wants payloads (not an array, `Date` or class instance). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A non-empty string, else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Bounded, valid keys, each once, in their first order. */
export function validKeys(candidates: readonly unknown[]): string[] {
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

/**
 * A clean copy of a ref (bounded key, known evidence, `field` when a string, `excerpt`
 * when a string, cut to 500 characters), or none when its key or evidence is invalid.
 */
export function validRef(ref: unknown): EventRef | undefined {
  if (typeof ref !== "object" || ref === null) return undefined;
  const { key, evidence, field, excerpt } = ref as Record<string, unknown>;
  if (typeof key !== "string" || typeof evidence !== "string" || !EVIDENCE.has(evidence)) {
    return undefined;
  }
  const bounded = boundKey(key);
  if (!isCorrelationKey(bounded)) return undefined;
  const clean: EventRef = { key: bounded, evidence: evidence as EventRef["evidence"] };
  if (typeof field === "string") clean.field = field;
  if (typeof excerpt === "string") clean.excerpt = excerpt.slice(0, MAX_EXCERPT);
  return clean;
}

/**
 * A valid subject from what a normalizer found: `kind` and `id` non-empty (`unknown` and
 * `fallbackId` otherwise), `key` and `title` only when non-empty strings, `url` only when
 * it parses and holds no whitespace (the schema's parse would trim or strip it).
 */
export function validSubject(
  parts: { kind?: unknown; id?: unknown; key?: unknown; url?: unknown; title?: unknown },
  fallbackId: string,
): EventSubject {
  const subject: EventSubject = {
    kind: nonEmpty(parts.kind) ?? "unknown",
    id: nonEmpty(parts.id) ?? fallbackId,
  };
  const key = nonEmpty(parts.key);
  if (key) subject.key = key;
  const url = nonEmpty(parts.url);
  if (url && !WHITESPACE.test(url) && URL.canParse(url)) subject.url = url;
  const title = nonEmpty(parts.title);
  if (title) subject.title = title;
  return subject;
}

/** The first candidate that is a valid date (see `readDate`), else `fallback`; a fresh `Date`. */
export function firstDate(candidates: readonly unknown[] | undefined, fallback: Date): Date {
  for (const candidate of candidates ?? []) {
    const date = readDate(candidate);
    if (date) return date;
  }
  return new Date(fallback.getTime());
}
