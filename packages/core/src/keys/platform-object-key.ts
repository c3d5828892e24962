import { ValidationError } from "../errors/validation-error";
import { boundCorrelationKey } from "./bound-correlation-key";

const SEGMENT = /^[a-z][a-z0-9_-]*$/;

/**
 * `<platform>:<kind>:<id>`: the identity key of a platform object that has no dedicated
 * builder in `CorrelationKeys` (a Linear comment, project or cycle; a Slack file). The id
 * is trimmed and lower-cased, so the same object always yields the same key. Use it in
 * an event's `keys` for the object the event *is*, and in another event's `refs` for an
 * object that event belongs to (a comment refs its issue). An over-long id ends in a digest
 * (see `boundCorrelationKey`).
 *
 * Throws `ValidationError` when `platform` or `kind` is not a lower-case identifier or the
 * id is empty or contains whitespace.
 *
 * @example platformObjectKey("linear", "comment", "3F2B…") // "linear:comment:3f2b…"
 */
export function platformObjectKey(platform: string, kind: string, id: string | number): string {
  const value = String(id).trim().toLowerCase();
  if (!SEGMENT.test(platform) || !SEGMENT.test(kind) || value === "" || /\s/.test(value)) {
    throw new ValidationError({
      message: `Cannot build a correlation key from platform "${platform}", kind "${kind}" and id "${id}": platform and kind must be lower-case identifiers and the id must be non-empty without spaces.`,
    });
  }
  return boundCorrelationKey(`${platform}:${kind}:${value}`);
}
