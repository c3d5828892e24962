import { parseFrozenJson, receivedJsonOf } from "../json-text";
import { inspectJson, receivedMayNeedRepair, repairJsonValue } from "./inspect-json";
import { describeReplacements, repairText } from "./storable-text";
import { stringifyDeepJson } from "./stringify-deep-json";

/**
 * Deepest nesting of a payload that is stored as JSON (the top-level object is level 1).
 * PostgreSQL 15's `jsonb` parser gives up near 10,000 levels (less on PGlite) and
 * `JSON.stringify` overflows the stack near 5,000; 1,000 leaves room for both, and real
 * webhook payloads stay around 10 levels. A deeper payload is kept as text instead; see
 * {@link UNPARSED_PAYLOAD_KEY}.
 */
export const MAX_PAYLOAD_DEPTH = 1000;

/**
 * The only property of a payload that was nested deeper than {@link MAX_PAYLOAD_DEPTH}:
 * its JSON text (the received text for a webhook), e.g.
 * `{ "contexten_unparsed_payload": "{\"a\":[[[[…]]]]}" }`. The event's `notes` say so.
 */
export const UNPARSED_PAYLOAD_KEY = "contexten_unparsed_payload";

/** A payload changed so that it can be stored, and why. */
export interface StorablePayload {
  /** The new payload: frozen, its JSON text remembered (see `jsonTextOf`). */
  payload: Record<string, unknown>;
  /** One note per change, for the event's `notes`. */
  notes: string[];
}

function unparsedPayload(payload: Record<string, unknown>, text: string | undefined) {
  const tally = { nul: 0, surrogates: 0 };
  // Received text has no raw NUL (JSON forbids it) but may hold raw lone surrogates;
  // stringifyDeepJson escapes both, so repairing its output changes nothing.
  const source = repairText(text ?? stringifyDeepJson(payload), tally);
  const notes = [
    `payload: nested deeper than ${MAX_PAYLOAD_DEPTH.toLocaleString("en-US")} levels; kept as ${
      text === undefined ? "its" : "the received"
    } JSON text in payload.${UNPARSED_PAYLOAD_KEY}`,
  ];
  const replaced = describeReplacements("payload text", tally);
  if (replaced) notes.push(replaced);
  return {
    payload: parseFrozenJson(JSON.stringify({ [UNPARSED_PAYLOAD_KEY]: source })) as Record<
      string,
      unknown
    >,
    notes,
  };
}

/**
 * Checks that a payload can be stored as it is and, when it cannot, returns what to store
 * instead; `undefined` when nothing needs changing (the common case). A payload parsed
 * from received text (see `parseFrozenJson`) is checked with two native scans of its text
 * and the depth measured when it was frozen; any other payload is walked once.
 *
 * - NUL characters and lone surrogates in strings and property names become U+FFFD;
 * - a payload nested deeper than {@link MAX_PAYLOAD_DEPTH} becomes
 *   `{ [UNPARSED_PAYLOAD_KEY]: "<its JSON text>" }`.
 *
 * Throws `ValidationError` for a payload with a circular reference.
 */
export function storablePayload(payload: Record<string, unknown>): StorablePayload | undefined {
  const received = receivedJsonOf(payload);
  if (received && !receivedMayNeedRepair(received, MAX_PAYLOAD_DEPTH)) return undefined;
  const inspection = inspectJson(payload, MAX_PAYLOAD_DEPTH);
  if (inspection.tooDeep) return unparsedPayload(payload, received?.text);
  if (!inspection.needsRepair) return undefined;
  const tally = { nul: 0, surrogates: 0 };
  const repaired = repairJsonValue(payload, tally);
  return {
    payload: parseFrozenJson(JSON.stringify(repaired)) as Record<string, unknown>,
    notes: [describeReplacements("payload", tally)!],
  };
}
