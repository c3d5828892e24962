/**
 * `@contexten/core/adapter`: what an adapter author needs to turn a platform's webhook
 * deliveries into `CorrelatedEvent`s, the same way for every platform.
 *
 * - {@link buildEvent}: the one event builder (derived ids, deduplicated and validated
 *   keys, merged refs without the event's own keys, a valid subject, sealed). It never
 *   throws on what came from a payload: invalid parts are dropped.
 * - Payload readers ({@link readString}, {@link readNumber}, {@link readBoolean},
 *   {@link readObject}, {@link readArray}, {@link readDate}, {@link readUrl},
 *   {@link readId}, {@link readValue}): typed reads along a path that return `undefined`
 *   for a missing field or one of another type, and never throw. Normalizers read every
 *   field through them rather than through lenient zod schemas: they touch only the
 *   fields asked for (normalizers run on every delivery), and each read names its path.
 * - {@link typeSegment}, {@link firstLine} and {@link objectKey} for event types, subject
 *   titles and identity keys;
 *   {@link extendFrozenJson} for an event payload with a few derived fields that stores
 *   without serializing the received body again.
 *
 * @packageDocumentation
 */

export { extendFrozenJson } from "../sealing/json-text";
export { boundKey } from "./bound-key";
export { buildEvent, type EventContext, type EventParts, type SubjectParts } from "./build-event";
export { firstLine } from "./first-line";
export { objectKey } from "./object-key";
export {
  type PayloadPathKey,
  readArray,
  readBoolean,
  readDate,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
  readValue,
  type ValueReader,
} from "./read-payload";
export { typeSegment } from "./type-segment";
