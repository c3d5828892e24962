import { LRUCache } from "lru-cache";
import type { CorrelationConfig } from "../config/correlation-config";
import type { EventStore } from "../contracts/event-store";
import { type ErrorSinks, reportError } from "../events/report-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import { sealEvent } from "../sealing/seal-event";
import { sealedLinks } from "../sealing/seal-link";
import { ageWindow } from "./age-window";
import { chooseLinks } from "./choose-links";
import type { CorrelationResult } from "./correlation-engine-options";
import type { CorrelationNotices } from "./correlation-notices";
import type { CorrelationRuleEngine } from "./correlation-rule-engine";
import { findRuleCandidates } from "./find-rule-candidates";
import { type GroupRoots, joinGroups } from "./join-groups";
import { readKeyCandidates } from "./key-candidates";
import { linkId } from "./link-id";
import { type IndexedEvent, indexEvent } from "./match-keys";

/** What correlating one event needs: the engine's parts and settings. */
export interface CorrelationSteps {
  /** Where events and links live. */
  store: EventStore;
  /** The rules. */
  ruleEngine: CorrelationRuleEngine;
  /** Retention and windows. */
  config: CorrelationConfig;
  /** The current time. */
  clock: () => Date;
  /** Newest events read per key besides its anchors. */
  candidatesPerKey: number;
  /** Most events per fallback lookup and per time-window query. */
  maxCandidates: number;
  /** Where errors without a caller go. */
  sinks: ErrorSinks;
  /** Announces links and events left out for their age. */
  notices: CorrelationNotices;
  /** Group roots by group id. */
  roots: GroupRoots;
  /** Indexed forms of recently seen events. */
  indexes: IndexedEvents;
}

/**
 * Indexed forms of recently seen events (most candidates are recent). Stored keys and
 * refs never change (append never overwrites), so their index is cached by id; only the
 * event object is fresh.
 */
export class IndexedEvents {
  private readonly cache = new LRUCache<string, IndexedEvent>({ max: 10_000 });

  /** The event with its keys and refs indexed. */
  of(event: CorrelatedEvent): IndexedEvent {
    const cached = this.cache.get(event.id);
    if (cached) return { ...cached, event };
    const indexed = indexEvent(event);
    this.cache.set(event.id, indexed);
    return indexed;
  }
}

/**
 * Correlates one event (see `CorrelationEngine`): stores it unless `stored`, reads its
 * candidates, chooses and stores its links, joins the groups and announces what changed.
 */
export async function correlateEvent(
  steps: CorrelationSteps,
  input: CorrelatedEvent,
  stored: boolean,
): Promise<CorrelationResult> {
  // Sealing an unsealed input freezes zod's copy (never the caller's objects), so the
  // store's append below does not validate it a second time.
  let event = sealEvent(input);
  let appended = false;
  if (!stored) {
    appended = (await steps.store.append(event)).inserted.length > 0;
    // Already stored: the stored fields win (its group above all), and the payload, which
    // the stored copy shares with a redelivery of the same delivery, need not be read back.
    const copy = appended ? undefined : await steps.store.get(event.id, { payload: false });
    if (copy) event = { ...copy, payload: event.payload };
  }
  const now = steps.clock();
  const window = ageWindow(event, now, steps.config);
  const indexed = steps.indexes.of(event);
  const payload = steps.ruleEngine.readsPayloads();
  const keyed = await readKeyCandidates(indexed, {
    store: steps.store,
    window,
    perKey: steps.candidatesPerKey,
    payload,
    fallbackLimit: steps.maxCandidates,
  });
  // Another event may have linked this one (and so grouped it) since the caller read it;
  // its group as stored must win, or joining groups would move it out of that group.
  const current = keyed.self ?? (stored ? await storedCopy(steps, indexed) : undefined);
  if (current && (current.correlationId ?? null) !== (event.correlationId ?? null)) {
    event = { ...event, correlationId: current.correlationId ?? null };
  }
  const extra = await findRuleCandidates(indexed, {
    store: steps.store,
    ruleEngine: steps.ruleEngine,
    now,
    payload,
    limit: steps.maxCandidates,
    onRuleError: (rule, error) =>
      reportError(steps.sinks, { phase: `correlation.rule.${rule}`, error, eventId: event.id }),
  });
  steps.notices.skipped(event.id, window, keyed.tooOld);

  const chosen = chooseLinks(
    indexed,
    event.correlationId,
    { anchors: keyed.anchors, recent: keyed.recent, extra },
    steps.ruleEngine,
    (candidate) => steps.indexes.of(candidate),
  );
  // Built from validated parts (rule names, strengths and evidence are checked when
  // rules are added or code rules answer), so sealed without another parse.
  const links = chosen.map(({ match }) =>
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
  const linked = chosen.map(({ candidate }) => candidate);
  const written = links.length > 0 ? await steps.store.link(links) : { inserted: [] };
  const group = await joinGroups(steps.store, event, linked, steps.roots);
  const newIds = new Set(written.inserted);
  const newLinks = links.filter((link) => newIds.has(link.id));
  await steps.notices.linked(event, linked, newLinks, group.correlationId, payload);
  return {
    event: { ...event, correlationId: group.correlationId },
    correlationId: group.correlationId,
    links,
    newLinks,
    mergedCorrelationIds: group.merged,
    appended,
  };
}

/**
 * The stored copy of an event no key lookup returned (it is older than its keys' newest
 * events), read only when another event can have linked it: through its keys and refs,
 * or through a heuristic or code rule's own search.
 */
async function storedCopy(
  steps: CorrelationSteps,
  indexed: IndexedEvent,
): Promise<CorrelatedEvent | undefined> {
  const reachable =
    indexed.keys.size > 0 || indexed.refs.size > 0 || steps.ruleEngine.searchesBeyondKeys();
  return reachable ? steps.store.get(indexed.event.id, { payload: false }) : undefined;
}
