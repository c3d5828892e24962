import type { SgNode, SgRoot } from "@ast-grep/napi";
import type { SourceLanguage } from "../parsing/source-language";

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

const JS_FUNCTIONS = new Set([
  "function_declaration",
  "function_expression",
  "function",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
  "generator_function",
]);
const PY_FUNCTIONS = new Set(["function_definition", "lambda"]);

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
  return (python ? PY_FUNCTIONS : JS_FUNCTIONS).has(node.kind());
}

function decisionWeight(node: SgNode, python: boolean): number {
  const kind = node.kind();
  if ((python ? PY_DECISIONS : JS_DECISIONS).has(kind)) return 1;
  if (!python && kind === "binary_expression") {
    return /^(&&|\|\||\?\?)$/.test(node.field("operator")?.text() ?? "") ? 1 : 0;
  }
  if (python && kind === "boolean_operator") return 1;
  return 0;
}

function complexityOf(body: SgNode, python: boolean): number {
  let complexity = 1;
  const stack = [...body.children()];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunction(node, python)) continue;
    complexity += decisionWeight(node, python);
    for (const child of node.children()) stack.push(child);
  }
  return complexity;
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

const CONTAINERS = new Set(["class_declaration", "class", "class_definition", "abstract_class_declaration"]);

/** Every function of a parsed file with its complexity. */
export function measureFunctions(root: SgRoot, language: SourceLanguage): MeasuredFunction[] {
  const python = language === "python";
  const functions: MeasuredFunction[] = [];
  const visit = (node: SgNode, scope: string[]) => {
    let nextScope = scope;
    if (isFunction(node, python) && node.kind() !== "lambda") {
      const start = node.range().start.line;
      const name = ownName(node) ?? `<anonymous>@${start + 1}`;
      nextScope = [...scope, name];
      functions.push({
        name: nextScope.join("."),
        line: start + 1,
        lines: node.range().end.line - start + 1,
        complexity: complexityOf(node, python),
        text: node.text().replace(/\s+/g, " "),
      });
    } else if (CONTAINERS.has(node.kind())) {
      nextScope = [...scope, node.field("name")?.text() ?? "<class>"];
    }
    for (const child of node.children()) visit(child, nextScope);
  };
  visit(root.root(), []);
  return functions;
}
