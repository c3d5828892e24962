import type { SgNode, SgRoot } from "@ast-grep/napi";
import type { SourceLanguage } from "../parsing/source-language";
import { JS_FUNCTIONS, PY_FUNCTIONS } from "../parsing/syntax-kinds";

/** A function found in a file, with its cyclomatic complexity. */
export interface MeasuredFunction {
  /** Qualified name. */
  name: string;
  /** 1-based first line. */
  line: number;
  /** Number of lines. */
  lines: number;
  /** McCabe complexity: 1 + decision points, nested functions excluded. */
  complexity: number;
  /** Normalized body text, to tell changed functions from untouched ones. */
  text: string;
}

const JS_DECISIONS = new Set([
  "if_statement",
  "for_statement",
  "for_in_statement",
  "while_statement",
  "do_statement",
  "catch_clause",
  "ternary_expression",
  "switch_case",
]);
const PY_DECISIONS = new Set([
  "if_statement",
  "elif_clause",
  "for_statement",
  "while_statement",
  "except_clause",
  "conditional_expression",
  "for_in_clause",
  "if_clause",
  "case_clause",
]);

function isFunction(node: SgNode, python: boolean): boolean {
  // The `function` keyword token shares its kind name with old function expressions.
  return node.isNamed() && (python ? PY_FUNCTIONS : JS_FUNCTIONS).has(node.kind() as string);
}

const LOGICAL_OPERATOR = "^(&&|\\|\\||\\?\\?)$";

/** The rule matching every decision point of a language. */
function decisionRule(python: boolean) {
  const kinds = [...(python ? PY_DECISIONS : JS_DECISIONS)].map((kind) => ({ kind }));
  return {
    rule: {
      any: python
        ? [...kinds, { kind: "boolean_operator" }]
        : [
            ...kinds,
            { kind: "binary_expression", has: { field: "operator", regex: LOGICAL_OPERATOR } },
          ],
    },
  };
}

function ownName(node: SgNode): string | undefined {
  const named = node.field("name");
  if (named) return named.text();
  const parent = node.parent();
  if (!parent) return undefined;
  if (parent.kind() === "variable_declarator" || parent.kind() === "assignment") {
    return (parent.field("name") ?? parent.field("left"))?.text();
  }
  if (parent.kind() === "pair" || parent.kind() === "public_field_definition") {
    return (parent.field("key") ?? parent.field("name"))?.text();
  }
  if (parent.kind() === "assignment_expression") return parent.field("left")?.text();
  return undefined;
}

const CONTAINERS = new Set([
  "class_declaration",
  "class",
  "class_definition",
  "abstract_class_declaration",
]);

/**
 * Every function of a parsed file. Complexity is computed when first read, so unchanged
 * functions of a large file cost only their discovery.
 */
export function measureFunctions(root: SgRoot, language: SourceLanguage): MeasuredFunction[] {
  const python = language === "python";
  const kinds = [...(python ? PY_FUNCTIONS : JS_FUNCTIONS)].filter((kind) => kind !== "lambda");
  const nodes = root.root().findAll({ rule: { any: kinds.map((kind) => ({ kind })) } });
  // Anonymous functions are named by their order in their scope, not their line, so that
  // code moving down a file does not make them look changed.
  const anonymousCounts = new Map<string, number>();
  const names = new Map<number, string>();
  const functions: MeasuredFunction[] = [];
  // Complexity of a function = 1 + decision points in its subtree minus those in the
  // subtrees of the functions directly inside it (counted in Rust by one query each).
  const rule = decisionRule(python);
  const children = new Map<number, SgNode[]>();
  const totals = new Map<number, number>();
  const total = (node: SgNode) => {
    let count = totals.get(node.id());
    if (count === undefined) {
      count = node.findAll(rule).length;
      totals.set(node.id(), count);
    }
    return count;
  };
  for (const node of nodes) {
    if (!node.isNamed()) continue;
    const scope: string[] = [];
    for (const ancestor of node.ancestors()) {
      if (isFunction(ancestor, python)) {
        const known = names.get(ancestor.id());
        if (known !== undefined) {
          scope.unshift(known);
          const siblings = children.get(ancestor.id()) ?? [];
          siblings.push(node);
          children.set(ancestor.id(), siblings);
          break;
        }
      } else if (CONTAINERS.has(ancestor.kind() as string)) {
        scope.unshift(ancestor.field("name")?.text() ?? "<class>");
      }
    }
    const scopeKey = scope.join(".");
    let name = ownName(node);
    if (name === undefined) {
      const count = (anonymousCounts.get(scopeKey) ?? 0) + 1;
      anonymousCounts.set(scopeKey, count);
      name = `<anonymous#${count}>`;
    }
    const qualified = scopeKey ? `${scopeKey}.${name}` : name;
    names.set(node.id(), qualified);
    const range = node.range();
    let complexity: number | undefined;
    functions.push({
      name: qualified,
      line: range.start.line + 1,
      lines: range.end.line - range.start.line + 1,
      get complexity() {
        complexity ??=
          1 +
          total(node) -
          (children.get(node.id()) ?? []).reduce((sum, child) => sum + total(child), 0);
        return complexity;
      },
      text: node.text().replace(/\s+/g, " "),
    });
  }
  return functions;
}
