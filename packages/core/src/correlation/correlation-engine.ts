import { type CorrelationConfig, resolveCorrelationConfig } from "../config/correlation-config";
import type { EventStore } from "../contracts/event-store";
import { TracedStepNames, traceStep } from "../contracts/instrumentation";
import { NotFoundError } from "../errors/not-found-error";
import { ValidationError } from "../errors/validation-error";
import { reportError } from "../events/report-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { EventLineage } from "../models/event-lineage";
import type { WorkflowDefinition } from "../models/workflow-definition";
import { type CorrelationSteps, correlateEvent, IndexedEvents } from "./correlate-event";
import type {
  CorrelationEngineOptions,
  CorrelationResult,
  EventLineageOptions,
  LineageByReferenceOptions,
} from "./correlation-engine-options";
import { CorrelationNotices } from "./correlation-notices";
import type { CorrelationRule, CorrelationRuleInput } from "./correlation-rule";
import { CorrelationRuleEngine } from "./correlation-rule-engine";
import { GroupRoots } from "./join-groups";
import { newestEventOf, readLineage } from "./read-lineage";
import { keysOfReference } from "./reference-keys";
import { createWorkflowFromEvents, type WorkflowFromEventsOptions } from "./workflow-from-events";

/**
 * Correlates events across platforms (the `EventCorrelationEngine` of the design).
 *
 * For each event it reads, in one store call, bounded lookups per key the event is or
 * mentions (the key's anchor, the earliest event that is the key or else mentions it, and
 * its newest few events), adds what
 * heuristic and code rules find, lets the rules pick at most one link per pair, and links
 * *flat*: to each key's anchor, and to one event of each group it joins, never to every
 * event sharing a key. So the links and the work per event do not grow with an object's
 * history (see `chooseLinks`). Link ids are deterministic, so repeats change nothing.
 * Events that occurred before the retention horizon are left out (reported through
 * `onCorrelationSkipped`), unless `correlateOlderEvents` is set.
 *
 * A group's `correlationId` is derived from its earliest event (by `occurredAt`, then id),
 * so it does not depend on arrival order; when an event joins two groups, every member
 * of the group whose id changes is reassigned in one `assignCorrelation` call.
 *
 * Calls are serialized per engine, so concurrent calls never race on group ids. Processing
 * is idempotent per event id and re-running an event repairs its group. Behind
 * `createWebhookHandler`, which stores events before it acknowledges them, use
 * `onEvent: (event) => engine.processStoredEvent(event)`.
 */
export class CorrelationEngine {
  /** Resolved configuration. */
  readonly config: CorrelationConfig;
  private readonly store: EventStore;
  private readonly ruleEngine: CorrelationRuleEngine;
  private readonly maxCandidates: number;
  private readonly steps: CorrelationSteps;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: CorrelationEngineOptions) {
    this.config = resolveCorrelationConfig(options.config, {});
    this.store = options.store;
    this.maxCandidates = positiveInteger("maxCandidates", options.maxCandidates, 500);
    const sinks = {
      bus: options.bus,
      instrumentation: options.instrumentation,
      logger: options.logger,
    };
    this.ruleEngine = new CorrelationRuleEngine({
      rules: options.rules,
      defaultRules: options.defaultRules,
      windowMinutes: this.config.correlationWindowMinutes,
      onRuleError: (rule, error) =>
        reportError(sinks, { phase: `correlation.rule.${rule}`, error }),
    });
    this.steps = {
      store: this.store,
      ruleEngine: this.ruleEngine,
      config: this.config,
      clock: options.clock ?? (() => new Date()),
      candidatesPerKey: positiveInteger("candidatesPerKey", options.candidatesPerKey, 8),
      maxCandidates: this.maxCandidates,
      sinks,
      notices: new CorrelationNotices(
        { ...sinks, analytics: this.config.enableAnalytics },
        this.store,
      ),
      roots: new GroupRoots(),
      indexes: new IndexedEvents(),
    };
  }

  /** The rules, in evaluation order. */
  get rules(): readonly CorrelationRule[] {
    return this.ruleEngine.rules;
  }

  /**
   * Adds a rule (data, validated with `correlationRuleSchema`, or code) at run time; it
   * applies to events processed from now on. Throws `ValidationError` when invalid or
   * when the name is taken.
   */
  addRule(rule: CorrelationRuleInput): CorrelationRule {
    return this.ruleEngine.add(rule);
  }

  /** Removes a rule by name; existing links stay. False when there was none. */
  removeRule(name: string): boolean {
    return this.ruleEngine.remove(name);
  }

  /**
   * Correlates one event, appending it first unless the store has it (then the stored
   * copy's fields win, its group above all). Throws `ValidationError` for an invalid
   * event and rethrows store failures; errors of code rules and bus listeners are
   * reported through `reportError` instead, since they have no caller.
   */
  processEvent(event: CorrelatedEvent): Promise<CorrelationResult> {
    return this.enqueue(event, false);
  }

  /**
   * Correlates an event the store already holds, as `createWebhookHandler` passes it to
   * `onEvent`: it is neither appended nor read back, which saves two store round trips per
   * event. The event must be stored (linking it otherwise fails with `NotFoundError`).
   * When another event has put it in a group since it was read, the stored group still
   * wins: the engine takes it from its key lookups, and reads the event only when they did
   * not return it.
   */
  processStoredEvent(event: CorrelatedEvent): Promise<CorrelationResult> {
    return this.enqueue(event, true);
  }

  private enqueue(event: CorrelatedEvent, stored: boolean): Promise<CorrelationResult> {
    const run = this.tail.then(() =>
      traceStep(
        this.steps.sinks.instrumentation,
        {
          name: TracedStepNames.CORRELATE,
          attributes: { "contexten.event_id": event.id, "contexten.event_type": event.type },
        },
        () => correlateEvent(this.steps, event, stored),
      ),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Events linked to `eventId` directly or through others, within `maxDepth` links,
   * nearest first (then by `occurredAt`). Throws `NotFoundError` (`status` 404) for an
   * unknown event. For the whole group regardless of depth, use
   * `store.query({ correlationId })`.
   */
  async findRelatedEvents(
    eventId: string,
    options: EventLineageOptions = {},
  ): Promise<CorrelatedEvent[]> {
    return (await this.getEventLineage(eventId, options)).relatedEvents;
  }

  /**
   * The lineage of an event: the root, every event reachable through links within
   * `maxDepth` (default `maxCorrelationDepth`), the workflows they belong to, the links,
   * depths and strengths. `strengths[id]` is the product of link strengths along the
   * strongest path from the root; `correlationStrength` is their mean over the related
   * events (0 when there are none), so it lies in [0, 1]. `payload: false` leaves payloads
   * out. Throws `NotFoundError` (`status` 404, which web frameworks answer as such) for an
   * unknown event.
   */
  async getEventLineage(eventId: string, options: EventLineageOptions = {}): Promise<EventLineage> {
    const lineage = await readLineage(this.store, eventId, this.lineageOptions(options));
    if (!lineage) throw new NotFoundError({ entity: "event", id: eventId });
    return lineage;
  }

  /**
   * The lineage of the newest event that *is* `key` (`linear:issue:ENG-123`,
   * `github:pr:acme/api#42`; build keys with `CorrelationKeys`), or, when no event is, of
   * the newest event that mentions it. `undefined` when no stored event has the key.
   */
  async getLineageByKey(
    key: string,
    options: EventLineageOptions = {},
  ): Promise<EventLineage | undefined> {
    if (typeof key !== "string" || key.trim() === "") {
      throw new ValidationError({
        message: "getLineageByKey needs a correlation key, e.g. linear:issue:ENG-123.",
        issues: [{ path: "key", message: "must be a non-empty string" }],
      });
    }
    return this.lineageOfNewest([key], options);
  }

  /**
   * The lineage of what a human reference names: `ENG-123`, `acme/api#42`, a pull request,
   * issue or commit URL, a Linear issue URL, a Slack permalink, a sha or a correlation key
   * (see `keysOfReference`). Uses the newest event that is the first of its keys any
   * event is (else that mentions one). `undefined` when no stored event has them; throws
   * `ValidationError` when the text names nothing recognizable.
   */
  async getLineageByReference(
    reference: string,
    options: LineageByReferenceOptions = {},
  ): Promise<EventLineage | undefined> {
    const keys = typeof reference === "string" ? keysOfReference(reference, options) : [];
    if (keys.length === 0) {
      throw new ValidationError({
        message: `${JSON.stringify(reference)} names nothing to look up; pass ENG-123, owner/repo#42, a GitHub, Linear or Slack URL, a sha or a key such as linear:issue:ENG-123.`,
        issues: [{ path: "reference", message: "no correlation key found" }],
      });
    }
    return this.lineageOfNewest(keys, options);
  }

  private async lineageOfNewest(
    keys: readonly string[],
    options: EventLineageOptions,
  ): Promise<EventLineage | undefined> {
    const root = await newestEventOf(this.store, keys, this.maxCandidates);
    // Pruned in between: as unknown as if it had never been stored.
    return root && readLineage(this.store, root.id, this.lineageOptions(options));
  }

  private lineageOptions(options: EventLineageOptions) {
    return {
      maxDepth: options.maxDepth ?? this.config.maxCorrelationDepth,
      ...(options.payload === false ? { payload: false } : {}),
    };
  }

  /** Builds a workflow template from an observed event sequence; see the function of that name. */
  createWorkflowFromEvents(
    events: readonly CorrelatedEvent[],
    options?: WorkflowFromEventsOptions,
  ): WorkflowDefinition {
    return createWorkflowFromEvents(events, options);
  }
}

/** Creates a {@link CorrelationEngine}. */
export function createCorrelationEngine(options: CorrelationEngineOptions): CorrelationEngine {
  return new CorrelationEngine(options);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isInteger(value) && value >= 1 && value <= 1000) return value;
  throw new ValidationError({
    message: `CorrelationEngine option ${name} must be an integer from 1 to 1000, got ${String(value)}.`,
    issues: [{ path: name, message: "must be an integer from 1 to 1000" }],
  });
}
