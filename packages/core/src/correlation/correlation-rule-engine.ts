import { parseWithSchema } from "../errors/parse-with-schema";
import { ValidationError } from "../errors/validation-error";
import type { CorrelatedEvent } from "../models/correlated-event";
import { type CorrelationEvidence, correlationEvidenceSchema } from "../models/correlation";
import { compileEventPattern, type EventPredicate } from "../models/event-pattern";
import { comparePosition } from "../store/stored-event-list";
import {
  type CodeCorrelationRule,
  type CorrelationRule,
  type CorrelationRuleInput,
  codeCorrelationRuleSchema,
  correlationRuleSchema,
  isCodeRule,
} from "./correlation-rule";
import { DEFAULT_CORRELATION_RULES } from "./default-rules";
import { type IndexedEvent, matchKeys } from "./match-keys";

/** A rule's verdict on one pair of events. */
export interface RuleMatch {
  /** Name of the rule that matched. */
  rule: string;
  /** The event matching the rule's `source` pattern. */
  source: CorrelatedEvent;
  /** The event matching its `target` pattern. */
  target: CorrelatedEvent;
  /** Link strength in (0, 1]. */
  strength: number;
  /** Why. */
  evidence: CorrelationEvidence[];
}

/** Options for {@link CorrelationRuleEngine}. */
export interface CorrelationRuleEngineOptions {
  /** Rules added after the defaults (or alone, with `defaultRules: false`). */
  rules?: readonly CorrelationRuleInput[] | undefined;
  /** Start with {@link DEFAULT_CORRELATION_RULES} (default true). */
  defaultRules?: boolean | undefined;
  /** Window of heuristic rules that do not set their own, minutes (default 60). */
  windowMinutes?: number | undefined;
  /** Receives errors thrown by code rules; the rule is skipped for that pair. */
  onRuleError?: ((rule: string, error: unknown) => void) | undefined;
}

/** A code rule sees whole events; a data rule reads payloads when a pattern tests fields. */
function readsPayload(rule: CorrelationRule): boolean {
  return isCodeRule(rule) || rule.source.payload !== undefined || rule.target.payload !== undefined;
}

interface CompiledRule {
  rule: CorrelationRule;
  isSource: EventPredicate;
  isTarget: EventPredicate;
  windowMs?: number;
}

/**
 * Holds the correlation rules and decides,
 * for a pair of events, which rule links them. Each pair gets at most one link: every
 * rule is tried in both orientations (the earlier event first, so the answer does not
 * depend on which arrived last) and the match with the highest strength wins, the earlier
 * rule on a tie. When a rule's patterns fit the pair both ways (`same_subject`,
 * `key_reference`), the link points from the earlier event to the later one.
 */
export class CorrelationRuleEngine {
  private readonly compiled: CompiledRule[] = [];
  /** Rules whose verdict can depend on payloads (see {@link readsPayloads}). */
  private payloadReaders = 0;
  private readonly windowMinutes: number;
  private readonly onRuleError: (rule: string, error: unknown) => void;

  constructor(options: CorrelationRuleEngineOptions = {}) {
    this.windowMinutes = options.windowMinutes ?? 60;
    this.onRuleError = options.onRuleError ?? (() => {});
    const initial = [
      ...(options.defaultRules === false ? [] : DEFAULT_CORRELATION_RULES),
      ...(options.rules ?? []),
    ];
    for (const rule of initial) this.add(rule);
  }

  /** The rules, in evaluation order. */
  get rules(): readonly CorrelationRule[] {
    return this.compiled.map((entry) => entry.rule);
  }

  /**
   * Validates and adds a rule; it applies to every pair evaluated from now on. Throws
   * `ValidationError` for an invalid rule or a name already in use.
   */
  add(input: CorrelationRuleInput): CorrelationRule {
    let rule: CorrelationRule;
    if (isCodeRule(input)) {
      parseWithSchema(codeCorrelationRuleSchema, input, "CodeCorrelationRule");
      rule = input;
    } else {
      rule = parseWithSchema(correlationRuleSchema, input, "CorrelationRule");
    }
    if (this.compiled.some((entry) => entry.rule.name === rule.name)) {
      throw new ValidationError({
        message: `A correlation rule named "${rule.name}" already exists; remove it first or pick another name.`,
        issues: [{ path: "name", message: "already in use" }],
      });
    }
    const windowMinutes = rule.window ? (rule.window.minutes ?? this.windowMinutes) : undefined;
    if (readsPayload(rule)) this.payloadReaders += 1;
    this.compiled.push({
      rule,
      isSource: compileEventPattern(rule.source),
      isTarget: compileEventPattern(rule.target),
      ...(windowMinutes === undefined ? {} : { windowMs: windowMinutes * 60_000 }),
    });
    return rule;
  }

  /** Removes a rule by name; false when there was none. */
  remove(name: string): boolean {
    const index = this.compiled.findIndex((entry) => entry.rule.name === name);
    if (index === -1) return false;
    if (readsPayload(this.compiled[index]!.rule)) this.payloadReaders -= 1;
    this.compiled.splice(index, 1);
    return true;
  }

  /**
   * Whether deciding a pair can depend on payloads: true when a code rule is present or a
   * data rule's pattern tests payload fields. When false, candidates can be read without
   * their payloads (`ReadOptions.payload`).
   */
  readsPayloads(): boolean {
    return this.payloadReaders > 0;
  }

  /**
   * Whether a rule finds candidates other than by key: a heuristic rule matching "time",
   * or a code rule with its own `findCandidates`.
   */
  searchesBeyondKeys(): boolean {
    return this.compiled.some(({ rule }) =>
      isCodeRule(rule) ? rule.findCandidates !== undefined : rule.match.via.includes("time"),
    );
  }

  /** Heuristic rules and their windows in milliseconds. */
  windows(): { rule: CorrelationRule; windowMs: number }[] {
    return this.compiled.flatMap((entry) =>
      entry.windowMs === undefined ? [] : [{ rule: entry.rule, windowMs: entry.windowMs }],
    );
  }

  /** The best link between two events, or `undefined` when no rule links them. */
  bestMatch(a: IndexedEvent, b: IndexedEvent): RuleMatch | undefined {
    const [first, second] =
      comparePosition(a.time, a.event.id, b.time, b.event.id) <= 0 ? [a, b] : [b, a];
    let best: RuleMatch | undefined;
    for (const entry of this.compiled) {
      if (entry.windowMs !== undefined && Math.abs(first.time - second.time) > entry.windowMs) {
        continue;
      }
      for (const [source, target] of [
        [first, second],
        [second, first],
      ] as const) {
        if (!entry.isSource(source.event) || !entry.isTarget(target.event)) continue;
        const found = this.evaluate(entry.rule, source, target);
        if (!found) continue;
        if (!best || found.strength > best.strength) {
          best = { rule: entry.rule.name, source: source.event, target: target.event, ...found };
        }
        break;
      }
    }
    return best;
  }

  private evaluate(
    rule: CorrelationRule,
    source: IndexedEvent,
    target: IndexedEvent,
  ): { strength: number; evidence: CorrelationEvidence[] } | undefined {
    if (!isCodeRule(rule)) return matchKeys(rule, source, target);
    return this.evaluateCode(rule, source.event, target.event);
  }

  private evaluateCode(
    rule: CodeCorrelationRule,
    source: CorrelatedEvent,
    target: CorrelatedEvent,
  ): { strength: number; evidence: CorrelationEvidence[] } | undefined {
    try {
      const result = rule.match(source, target);
      if (!result) return undefined;
      if (!(result.strength > 0 && result.strength <= 1)) {
        throw new ValidationError({
          message: `Correlation rule "${rule.name}" returned strength ${result.strength}; return a number in (0, 1].`,
          issues: [{ path: "strength", message: "must be in (0, 1]" }],
        });
      }
      const evidence = (result.evidence ?? []).map((item) =>
        parseWithSchema(correlationEvidenceSchema, item, `evidence of rule "${rule.name}"`),
      );
      return { strength: result.strength, evidence };
    } catch (error) {
      this.onRuleError(rule.name, error);
      return undefined;
    }
  }
}
