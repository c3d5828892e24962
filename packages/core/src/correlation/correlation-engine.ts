import { LRUCache } from "lru-cache";
import {
  type CorrelationConfig,
  type CorrelationConfigInput,
  resolveCorrelationConfig,
} from "../config/correlation-config";
import type { EventStore } from "../contracts/event-store";
import { emitInstrumentation, type Instrumentation } from "../contracts/instrumentation";
import { NotFoundError } from "../errors/not-found-error";
import type { EventBus } from "../events/event-bus";
import { type ErrorSinks, reportError } from "../events/report-error";
import { sealEvent } from "../events/seal-event";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import type { EventLineage } from "../models/event-lineage";
import type { WorkflowDefinition } from "../models/workflow-definition";
import type { CorrelationRule, CorrelationRuleInput } from "./correlation-rule";
import { CorrelationRuleEngine } from "./correlation-rule-engine";
import { findCandidates } from "./find-candidates";
import { joinGroups } from "./join-groups";
import { overallStrength, strongestPathStrengths } from "./lineage-strength";
import { linkId } from "./link-id";
import { type IndexedEvent, indexEvent } from "./match-keys";
import { sealedLinks } from "./seal-link";
import { createWorkflowFromEvents, type WorkflowFromEventsOptions } from "./workflow-from-events";

/** Options for {@link CorrelationEngine}. */
export interface CorrelationEngineOptions {
  /** Where events and links live; the engine appends events it has not seen. */
  store: EventStore;
  /** Window, depth and analytics settings (the seed's `CorrelationConfig` defaults). */
  config?: CorrelationConfigInput | undefined;
  /** Rules added after the defaults. */
  rules?: readonly CorrelationRuleInput[] | undefined;
  /** Start with `DEFAULT_CORRELATION_RULES` (default true). */
  defaultRules?: boolean | undefined;
  /** Receives a `correlation` event per new link, and `error` for reported failures. */
  bus?: EventBus | undefined;
  /** Receives `onCorrelationMatch` per new link (when `enableAnalytics`) and `onError`. */
  instrumentation?: Instrumentation | undefined;
  /** Logs errors nobody else listens to (default `console`). */
  logger?: Pick<Console, "error"> | undefined;
  /** The current time (default `() => new Date()`); sets link `createdAt` and retention. */
  clock?: (() => Date) | undefined;
  /** Most candidates examined per event (newest first), default 500. */
  maxCandidates?: number | undefined;
}

/** What {@link CorrelationEngine.processEvent} did. */
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

/** Options for {@link CorrelationEngine.getEventLineage} and `findRelatedEvents`. */
export interface EventLineageOptions {
  /** Links to follow at most (default the config's `maxCorrelationDepth`). */
  maxDepth?: number | undefined;
}

/**
 * Correlates events across platforms (the specification's `EventCorrelationEngine`).
 *
 * `processEvent` stores the event if needed, finds candidates through the store's key
 * index in both directions (its refs → their keys, its keys → their refs, shared keys and
 * shared refs) plus time-window queries for heuristic rules, lets the rules pick at most
 * one link per pair, stores the links (ids are deterministic, so repeats change nothing),
 * and puts the event and everything it links to into one group.
 *
 * A group's `correlationId` is derived from its earliest event (by `occurredAt`, then id),
 * so it does not depend on arrival order; when an event joins two groups, every member
 * of the group whose id changes is reassigned in one `assignCorrelation` call.
 *
 * Calls are serialized per engine, so concurrent `processEvent` calls never race on group
 * ids. It is idempotent: `onEvent: (event) => engine.processEvent(event)` in
 * `createWebhookHandler` works whether or not the handler stored the event first, and
 * re-running an event repairs its group.
 */
export class CorrelationEngine {
  /** Resolved configuration. */
  readonly config: CorrelationConfig;
  private readonly store: EventStore;
  private readonly ruleEngine: CorrelationRuleEngine;
  private readonly sinks: ErrorSinks;
  private readonly bus: EventBus | undefined;
  private readonly instrumentation: Instrumentation | undefined;
  private readonly clock: () => Date;
  private readonly maxCandidates: number;
  private tail: Promise<unknown> = Promise.resolve();
  /** Indexed forms of recently seen events (most candidates are recent). */
  private readonly indexCache = new LRUCache<string, IndexedEvent>({ max: 10_000 });

  constructor(options: CorrelationEngineOptions) {
    this.config = resolveCorrelationConfig(options.config, {});
    this.store = options.store;
    this.bus = options.bus;
    this.instrumentation = options.instrumentation;
    this.clock = options.clock ?? (() => new Date());
    this.maxCandidates = options.maxCandidates ?? 500;
    this.sinks = {
      bus: options.bus,
      instrumentation: options.instrumentation,
      logger: options.logger,
    };
    this.ruleEngine = new CorrelationRuleEngine({
      rules: options.rules,
      defaultRules: options.defaultRules,
      windowMinutes: this.config.correlationWindowMinutes,
      onRuleError: (rule, error) =>
        reportError(this.sinks, { phase: `correlation.rule.${rule}`, error }),
    });
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
   * Correlates one event: see the class description. Throws `ValidationError` for an
   * invalid event and rethrows store failures; errors of code rules and bus listeners are
   * reported through `reportError` instead, since they have no caller.
   */
  processEvent(event: CorrelatedEvent): Promise<CorrelationResult> {
    const run = this.tail.then(() => this.correlate(event));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async correlate(input: CorrelatedEvent): Promise<CorrelationResult> {
    // Sealing an unsealed input freezes zod's copy (never the caller's objects), so the
    // store's append below does not validate it a second time.
    const parsed = sealEvent(input);
    const appended = (await this.store.append(parsed)).inserted.length > 0;
    // Already stored: the stored fields win (its group above all), and the payload, which
    // the stored copy shares with a redelivery of the same delivery, need not be read back.
    const stored = appended ? undefined : await this.store.get(parsed.id, { payload: false });
    const event = stored ? { ...stored, payload: parsed.payload } : parsed;
    const now = this.clock();
    const indexed = this.indexed(event);
    const payload = this.ruleEngine.readsPayloads();
    const candidates = await findCandidates(indexed, {
      store: this.store,
      ruleEngine: this.ruleEngine,
      now,
      payload,
      since: new Date(now.getTime() - this.config.eventRetentionDays * 86_400_000),
      limit: this.maxCandidates,
      onRuleError: (rule, error) =>
        reportError(this.sinks, { phase: `correlation.rule.${rule}`, error, eventId: event.id }),
    });

    const links: Correlation[] = [];
    const linked: CorrelatedEvent[] = [];
    for (const candidate of candidates) {
      const match = this.ruleEngine.bestMatch(indexed, this.indexed(candidate));
      if (!match) continue;
      linked.push(candidate);
      // Built from validated parts (rule names, strengths and evidence are checked when
      // rules are added or code rules answer), so sealed without another parse.
      links.push(
        sealedLinks.adopt({
          id: linkId(match.rule, match.source.id, match.target.id),
          sourceEventId: match.source.id,
          targetEventId: match.target.id,
          rule: match.rule,
          strength: match.strength,
          evidence: match.evidence,
          createdAt: now,
        }),
      );
    }
    const written = links.length > 0 ? await this.store.link(links) : { inserted: [] };
    const group = await joinGroups(this.store, event, linked);
    const newIds = new Set(written.inserted);
    const newLinks = links.filter((link) => newIds.has(link.id));
    const grouped = (item: CorrelatedEvent) => ({ ...item, correlationId: group.correlationId });
    if (newLinks.length > 0 && (this.bus?.listenerCount("correlation") ?? 0) > 0) {
      // Listeners get whole events: reread the candidates that were read without payloads.
      const whole = payload ? linked : await this.withPayloads(linked, newLinks);
      this.announce(newLinks, new Map([event, ...whole].map((item) => [item.id, grouped(item)])));
    } else {
      this.announce(newLinks, new Map());
    }
    return {
      event: grouped(event),
      correlationId: group.correlationId,
      links,
      newLinks,
      mergedCorrelationIds: group.merged,
      appended,
    };
  }

  /**
   * The event with its keys and refs indexed. Stored keys and refs never change (append
   * never overwrites), so their index is cached by id; only the event object is fresh.
   */
  private indexed(event: CorrelatedEvent): IndexedEvent {
    const cached = this.indexCache.get(event.id);
    if (cached) return { ...cached, event };
    const indexed = indexEvent(event);
    this.indexCache.set(event.id, indexed);
    return indexed;
  }

  /** The linked events that `links` touch, read again with their payloads. */
  private async withPayloads(
    linked: readonly CorrelatedEvent[],
    links: readonly Correlation[],
  ): Promise<CorrelatedEvent[]> {
    const touched = new Set(links.flatMap((link) => [link.sourceEventId, link.targetEventId]));
    const whole: CorrelatedEvent[] = [];
    for (const item of linked) {
      if (touched.has(item.id)) whole.push((await this.store.get(item.id)) ?? item);
    }
    return whole;
  }

  /** Reports new links to instrumentation and, when `events` holds them, to the bus. */
  private announce(links: readonly Correlation[], events: ReadonlyMap<string, CorrelatedEvent>) {
    for (const link of links) {
      if (this.config.enableAnalytics) {
        emitInstrumentation(this.instrumentation, "onCorrelationMatch", {
          rule: link.rule,
          sourceEventId: link.sourceEventId,
          targetEventId: link.targetEventId,
          strength: link.strength,
        });
      }
      const source = events.get(link.sourceEventId);
      const target = events.get(link.targetEventId);
      if (!source || !target) continue;
      try {
        this.bus?.emit("correlation", link, source, target);
      } catch (error) {
        reportError(this.sinks, {
          phase: "correlation.listener",
          error,
          eventId: link.sourceEventId,
        });
      }
    }
  }

  /**
   * Events linked to `eventId` directly or through others, within `maxDepth` links,
   * nearest first (then by `occurredAt`). Throws `NotFoundError` for an unknown event.
   * For the whole group regardless of depth, use `store.query({ correlationId })`.
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
   * events (0 when there are none), so it lies in [0, 1]. Throws `NotFoundError` for an
   * unknown event.
   */
  async getEventLineage(eventId: string, options: EventLineageOptions = {}): Promise<EventLineage> {
    const graph = await this.store.lineage(eventId, {
      maxDepth: options.maxDepth ?? this.config.maxCorrelationDepth,
    });
    if (!graph) throw new NotFoundError({ entity: "event", id: eventId });
    const strengths = strongestPathStrengths(eventId, graph.links);
    const workflows = new Set<string>();
    for (const event of graph.events) if (event.workflowId) workflows.add(event.workflowId);
    return {
      rootEvent: graph.root,
      relatedEvents: graph.events.filter((event) => event.id !== eventId),
      workflowsTriggered: [...workflows].sort(),
      correlationStrength: overallStrength(eventId, strengths),
      links: graph.links,
      depths: graph.depths,
      strengths: Object.fromEntries(strengths),
      correlationId: graph.root.correlationId ?? null,
      truncated: graph.truncated,
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
