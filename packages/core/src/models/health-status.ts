import { z } from "zod";
import { platformSchema } from "./platform";

/** Health of one integration. */
export const healthStatusSchema = z.object({
  /** Platform checked. */
  platform: platformSchema,
  /** `healthy`: working; `degraded`: working but limited (e.g. near a rate limit); `unhealthy`: failing. */
  status: z.enum(["healthy", "degraded", "unhealthy"]),
  /** When the check ran. */
  checkedAt: z.coerce.date(),
  /** Round-trip of the check call, when one was made. */
  latencyMs: z.number().min(0).optional(),
  /** Human-readable explanation, especially when not healthy. */
  message: z.string().optional(),
  /** Remaining rate-limit budget by resource, when known. */
  rateLimits: z
    .record(
      z.string(),
      z.object({ remaining: z.number(), limit: z.number(), resetAt: z.coerce.date().optional() }),
    )
    .default({}),
  /** Anything else worth showing. */
  details: z.record(z.string(), z.unknown()).default({}),
});

/** See {@link healthStatusSchema}. */
export type HealthStatus = z.output<typeof healthStatusSchema>;
