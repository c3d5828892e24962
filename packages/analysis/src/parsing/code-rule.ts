import type { SgNode, SgRoot } from "@ast-grep/napi";
import type { FindingCategory, FindingSeverity } from "../analysis-types";

/** A syntax rule: finds nodes in a parsed file and says what they mean. */
export interface CodeRule {
  /** Stable id, e.g. `js/eval`. */
  id: string;
  /** Which analysis it belongs to. */
  category: FindingCategory;
  /** `javascript` covers JavaScript, TypeScript and TSX. */
  family: "javascript" | "python";
  /** Severity of each match. */
  severity: FindingSeverity;
  /** What a match means. */
  message: string;
  /** What to do about a match. */
  fixHint: string;
  /** The matching nodes. */
  find(root: SgRoot): SgNode[];
}

/** A match of a rule: the node's first line and its text without whitespace runs. */
export interface RuleMatch {
  /** The rule. */
  rule: CodeRule;
  /** 1-based line. */
  line: number;
  /** Normalized code of the match, for comparing base and head and for fingerprints. */
  code: string;
}

const kindCache = new WeakMap<SgRoot, Map<string, SgNode[]>>();

/** Every node of one kind in a parsed file, queried once per file and shared by the rules. */
export function nodesOfKind(root: SgRoot, kind: string): SgNode[] {
  let byKind = kindCache.get(root);
  if (!byKind) {
    byKind = new Map();
    kindCache.set(root, byKind);
  }
  let nodes = byKind.get(kind);
  if (!nodes) {
    nodes = root.root().findAll({ rule: { kind } });
    byKind.set(kind, nodes);
  }
  return nodes;
}

/** Collapses whitespace so formatting changes do not make old code look new. */
export function normalizeCode(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

/** Runs rules over a parsed file. */
export function matchRules(root: SgRoot, rules: readonly CodeRule[]): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    for (const node of rule.find(root)) {
      matches.push({ rule, line: node.range().start.line + 1, code: normalizeCode(node.text()) });
    }
  }
  return matches;
}

/**
 * The matches of `head` that `base` does not have (compared by rule and normalized code,
 * counting repeats), so only what the change introduces is reported.
 */
export function introducedMatches(head: RuleMatch[], base: RuleMatch[]): RuleMatch[] {
  const remaining = new Map<string, number>();
  for (const match of base) {
    const key = `${match.rule.id}\u0000${match.code}`;
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return head.filter((match) => {
    const key = `${match.rule.id}\u0000${match.code}`;
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}
