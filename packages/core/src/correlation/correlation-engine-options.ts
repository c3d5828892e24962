import type { CorrelationConfigInput } from "../config/correlation-config";
import type { EventStore } from "../contracts/event-store";
import type { Instrumentation } from "../contracts/instrumentation";
import type { EventBus } from "../events/event-bus";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import type { CorrelationRuleInput } from "./correlation-rule";
import type { ReferenceKeyOptions } from "./reference-keys";

/** Options for `CorrelationEngine`. */
export interface CorrelationEngineOptions {
  /** Where events and links live; `processEvent` appends events it has not seen. */
  store: EventStore;
  /** Window, depth, retention and analytics settings. */
  config?: CorrelationConfigInput | undefined;
  /** Rules added after the defaults. */
  rules?: readonly CorrelationRuleInput[] | undefined;
  /** Start with `DEFAULT_CORRELATION_RULES` (default true). */
  defaultRules?: boolean | undefined;
  /**
   * Receives a `correlation` event per new link, `correlation-skipped` when events are
   * left out for their age, and `error` for reported failures.
   */
  bus?: EventBus | undefined;
  /**
   * Receives `onCorrelationMatch` per new link (when `enableAnalytics`),
   * `onCorrelationSkipped` and `onError`.
   */
  instrumentation?: Instrumentation | undefined;
  /** Logs errors nobody else listens to (default `console`). */
  logger?: Pick<Console, "error"> | undefined;
  /** The current time (default `() => new Date()`); sets link `createdAt` and retention. */
  clock?: (() => Date) | undefined;
  /**
   * Newest events read per key, besides the key's anchor (default 8): how many events
   * sharing a key in groups of their own one event can join at once. See the README's
   * "Flat correlation".
   */
  candidatesPerKey?: number | undefined;
  /**
   * Most events one lookup reads when the store lacks `findPerKey`, and most events a
   * heuristic (time-window) rule examines per event (default 500).
   */
  maxCandidates?: number | undefined;
}

/** What `CorrelationEngine.processEvent` did. */
export interface CorrelationResult {
  /** The event as stored, with its `correlationId`. */
  event: CorrelatedEvent;
  /** The group the event belongs to now. */
  correlationId: string;
  /** Every link found for the event in this call, new or already stored. */
  links: Correlation[];
  /** The links this call stored (empty when the event was processed before). */
  newLinks: Correlation[];
  /** Groups merged into `correlationId` by this call. */
  mergedCorrelationIds: string[];
  /** True when this call appended the event; false when it was already stored. */
  appended: boolean;
}

/** Options for `CorrelationEngine.getEventLineage` and the other lineage reads. */
export interface EventLineageOptions {
  /** Links to follow at most (default the config's `maxCorrelationDepth`). */
  maxDepth?: number | undefined;
  /**
   * `false` leaves payloads out: every event comes back with `payload: {}` (a lineage's
   * payloads are most of its size). Default `true`.
   */
  payload?: boolean | undefined;
}

/** Options for `CorrelationEngine.getLineageByReference`. */
export interface LineageByReferenceOptions extends EventLineageOptions, ReferenceKeyOptions {}
