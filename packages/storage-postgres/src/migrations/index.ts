import { initialSchema } from "./0001-initial-schema";
import { eventNotes } from "./0002-event-notes";
import { deliveryWork } from "./0003-delivery-work";
import { workflowRuns } from "./0004-workflow-runs";
import { workflowSessions } from "./0005-workflow-sessions";
import { keyTimes } from "./0006-key-times";
import { payloadCompression } from "./0007-payload-compression";
import type { Migration } from "./migration";

/** Every migration this version of the package knows, in version order. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  eventNotes,
  deliveryWork,
  workflowRuns,
  workflowSessions,
  keyTimes,
  payloadCompression,
];
