import { z } from "zod";
import { correlatedEventSchema } from "./correlated-event";
import { correlationSchema } from "./correlation";

/**
 * Everything related to an event, as `EventLineage`: the root event,
 * the related events, the workflows they triggered and an overall correlation strength.
 * `links` and `depths` add what a UI needs to draw the graph.
 */
export const eventLineageSchema = z.object({
  /** The event the lineage was asked for. */
  rootEvent: correlatedEventSchema,
  /** Every event reachable from the root through links, within the depth limit. */
  relatedEvents: z.array(correlatedEventSchema),
  /** Ids of workflows any of these events triggered or belong to. */
  workflowsTriggered: z.array(z.string()),
  /**
   * Overall confidence that the events belong together, in [0, 1]. How it is computed is
   * documented on the correlation engine; 1 means every link is key-exact and strong.
   */
  correlationStrength: z.number().min(0).max(1),
  /** The links between the events above. */
  links: z.array(correlationSchema),
  /** Distance in links from the root, by event id (root is 0). */
  depths: z.record(z.string(), z.number().int().min(0)),
  /**
   * How strongly each event is tied to the root, by event id: the product of link
   * strengths along the strongest path (the root is 1). `correlationStrength` is their mean.
   */
  strengths: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Shared group id of these events, when the engine assigned one. */
  correlationId: z.string().nullable().optional(),
  /** True when the depth limit cut the traversal short. */
  truncated: z.boolean().default(false),
});

/** See {@link eventLineageSchema}. */
export type EventLineage = z.output<typeof eventLineageSchema>;
