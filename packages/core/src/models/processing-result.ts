import { z } from "zod";
import { platformSchema } from "./platform";

/**
 * What happened to one inbound webhook delivery.
 *
 * - `processed`: verified, stored, acknowledged;
 * - `duplicate`: already seen (same delivery id), acknowledged, not processed again;
 * - `answered`: a control message (GitHub `ping`, Slack `url_verification`) answered without storing;
 * - `rejected`: refused (bad signature, malformed body, …), nothing stored;
 * - `failed`: an internal error (e.g. the store was down); the platform should retry.
 */
export const processingResultSchema = z.object({
  /** Outcome. */
  status: z.enum(["processed", "duplicate", "answered", "rejected", "failed"]),
  /** Platform of the source that handled the request, when one did. */
  platform: platformSchema.optional(),
  /** The platform's delivery id, when it was read. */
  deliveryId: z.string().optional(),
  /** Platform event name, e.g. `pull_request`, `event_callback`, `Issue`. */
  eventName: z.string().optional(),
  /** Ids of the events stored from this delivery. */
  eventIds: z.array(z.string()).default([]),
  /** HTTP status sent back. */
  httpStatus: z.number().int(),
  /** Time from receipt to the ack, ms. */
  durationMs: z.number().min(0),
  /** Why it was rejected or failed. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** See {@link processingResultSchema}. */
export type ProcessingResult = z.output<typeof processingResultSchema>;
