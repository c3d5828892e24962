import type { EventStore } from "../contracts/event-store";
import { type Correlation, correlationSchema } from "../models/correlation";
import { SealedValues } from "./sealed-values";

/** Freezes what the schema checks: the link and its evidence. */
function freezeLink(link: Correlation): void {
  for (const item of link.evidence) Object.freeze(item);
  Object.freeze(link.evidence);
  Object.freeze(link);
}

/**
 * Links validated once (or built by the correlation engine from validated parts) and
 * frozen; stores accept them without parsing again. See {@link parseCorrelation}.
 */
export const sealedLinks = new SealedValues(correlationSchema, "Correlation", freezeLink);

/**
 * Validates a link for storage: a sealed link (one the correlation engine built) is
 * returned as it is, anything else is parsed with `correlationSchema`. For
 * {@link EventStore} implementations. Throws `ValidationError`.
 */
export function parseCorrelation(input: unknown, what = "Correlation"): Correlation {
  return sealedLinks.parse(input, what);
}
