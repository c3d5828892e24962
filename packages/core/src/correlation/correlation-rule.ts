import { z } from "zod";
import type { EventStore } from "../contracts/event-store";
import { type CorrelatedEvent, evidenceSchema } from "../models/correlated-event";
import type { CorrelationEvidence } from "../models/correlation";
import { type EventPattern, eventPatternSchema } from "../models/event-pattern";

/**
 * How two events' keys can meet:
 *
 * - `reference`: one event refs a key the other *is* (the PR refs `linear:issue:ENG-123`,
 *   the issue has it in `keys`); evidence comes from the ref;
 * - `shared-key`: both events *are* the same key (a PR opened, then merged); evidence
 *   `identity`;
 * - `shared-ref`: both events ref the same key (a PR and a check run both ref the head
 *   sha); evidence is the weaker of the two refs;
 * - `time`: no key at all, only time proximity; needs `window`. A time-only match has no
 *   evidence and the rule's `strength` as its strength.
 */
export const keyMatchSchema = z.enum(["reference", "shared-key", "shared-ref", "time"]);

/** See {@link keyMatchSchema}. */
export type KeyMatch = z.infer<typeof keyMatchSchema>;

const ruleName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.-]{0,99}$/,
    "rule name must be lower-case letters, digits, _ . or -, e.g. linear_issue_to_github_pr",
  );

const windowSchema = z
  .object({
    /** Largest distance between the two events' `occurredAt`, minutes; default `correlationWindowMinutes`. */
    minutes: z.number().int().positive().optional(),
  })
  .strict();

/**
 * A correlation rule as data, so it can be stored, sent over an API and created at run
 * time. Validated with zod; `CorrelationEngine.addRule` accepts its input form.
 *
 * A rule links a `source` event to a `target` event (either may arrive first) when their
 * keys meet in one of the `match.via` ways, on keys starting with one of
 * `match.keyPrefixes` (all keys when omitted). The link's strength is
 * `strength × max(weight(evidence))` over the evidence found, where `weight` is
 * `evidenceWeights[evidence]` or else `EVIDENCE_STRENGTH[evidence]`.
 *
 * A rule with a `window` is heuristic: it only links events whose `occurredAt` are at most
 * `window.minutes` (default: the config's `correlationWindowMinutes`) apart. Rules without
 * a window link on key evidence whatever the time between the events, within retention.
 */
export const correlationRuleSchema = z
  .object({
    /** Unique name, stored on every link the rule makes. */
    name: ruleName,
    /** What the rule means, for people reading lineage. */
    description: z.string().max(500).optional(),
    /** Events the link starts from. */
    source: eventPatternSchema,
    /** Events the link points to. */
    target: eventPatternSchema,
    /** How keys must meet. */
    match: z
      .object({
        /** Ways the keys may meet (any one is enough). Default `["reference"]`. */
        via: z.array(keyMatchSchema).min(1).default(["reference"]),
        /** Only keys starting with one of these count, e.g. `["linear:issue:"]`. */
        keyPrefixes: z.array(z.string().min(1)).min(1).optional(),
        /** Only these kinds of evidence count. */
        evidence: z.array(evidenceSchema).min(1).optional(),
      })
      .strict()
      .default({ via: ["reference"] }),
    /** Multiplier in (0, 1] applied to the evidence weight. Default 1. */
    strength: z.number().gt(0).max(1).default(1),
    /** Per-evidence weights overriding `EVIDENCE_STRENGTH` for this rule; 0 ignores that evidence. */
    evidenceWeights: z.partialRecord(evidenceSchema, z.number().min(0).max(1)).optional(),
    /** Makes the rule heuristic: events must be this close in time. */
    window: windowSchema.optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    if (rule.match.via.includes("time") && !rule.window) {
      context.addIssue({
        code: "custom",
        path: ["window"],
        message: 'a rule matching "time" needs a window, e.g. window: { minutes: 30 }',
      });
    }
  });

/** A data rule after validation and defaults. See {@link correlationRuleSchema}. */
export type DataCorrelationRule = z.output<typeof correlationRuleSchema>;

/** What to pass to create a {@link DataCorrelationRule}: defaulted fields may be omitted. */
export type DataCorrelationRuleInput = z.input<typeof correlationRuleSchema>;

/** What a {@link CodeCorrelationRule} returns when two events belong together. */
export interface CodeRuleMatch {
  /** Link strength in (0, 1]. */
  strength: number;
  /** Why, stored on the link. */
  evidence?: CorrelationEvidence[];
}

/** What {@link CodeCorrelationRule.findCandidates} may use. */
export interface CandidateContext {
  /** The engine's store. */
  store: EventStore;
  /** The engine's clock. */
  now: Date;
  /** The rule's window in milliseconds, when it has one. */
  windowMs?: number;
}

/**
 * The escape hatch: a rule decided by code. The engine calls `match` for every candidate
 * pair whose types fit `source` and `target` (candidates come from key lookups and, when
 * given, `findCandidates`). A rule that throws is reported through `reportError` and
 * skipped; processing goes on.
 */
export interface CodeCorrelationRule {
  /** Unique name, stored on every link the rule makes. */
  name: string;
  /** What the rule means. */
  description?: string;
  /** Events the link starts from. */
  source: EventPattern;
  /** Events the link points to. */
  target: EventPattern;
  /** Makes the rule heuristic: the engine skips pairs further apart than the window. */
  window?: { minutes?: number };
  /** Returns a match when `source` and `target` belong together. */
  match(source: CorrelatedEvent, target: CorrelatedEvent): CodeRuleMatch | null | undefined;
  /** Finds extra candidates for `event` that key lookups cannot (a time-range query, …). */
  findCandidates?(
    event: CorrelatedEvent,
    context: CandidateContext,
  ): Promise<readonly CorrelatedEvent[]>;
}

/** Any rule the engine runs. */
export type CorrelationRule = DataCorrelationRule | CodeCorrelationRule;

/** What `CorrelationEngine.addRule` accepts. */
export type CorrelationRuleInput = DataCorrelationRuleInput | CodeCorrelationRule;

/** True for a {@link CodeCorrelationRule}. */
export function isCodeRule(rule: CorrelationRuleInput): rule is CodeCorrelationRule {
  return typeof (rule as Partial<CodeCorrelationRule>).match === "function";
}

/** Validates the data part of a code rule (name, patterns, window). */
export const codeCorrelationRuleSchema = z.object({
  name: ruleName,
  description: z.string().max(500).optional(),
  source: eventPatternSchema,
  target: eventPatternSchema,
  window: windowSchema.optional(),
});
