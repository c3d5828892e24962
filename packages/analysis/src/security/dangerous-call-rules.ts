import type { SgNode, SgRoot } from "@ast-grep/napi";
import { type CodeRule, nodesOfKind } from "../parsing/code-rule";

const SQL_START =
  /^\s*["'`f]?["'`]?\s*(select|insert\s+into|update|delete\s+from|replace\s+into|merge\s+into|with)\b/i;

/** A JavaScript template literal with `${…}`, or a `+` concatenation of strings. */
function isBuiltString(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "template_string") {
    return node.children().some((child) => child.kind() === "template_substitution");
  }
  if (node.kind() === "binary_expression") {
    return node.field("operator")?.text() === "+" || node.text().includes("+");
  }
  return false;
}

/** The leftmost string piece of a built string (to tell SQL from other text). */
function leadingText(node: SgNode): string {
  let current: SgNode = node;
  while (current.kind() === "binary_expression" || current.kind() === "binary_operator") {
    const left = current.field("left");
    if (!left) break;
    current = left;
  }
  return current.text();
}

function firstArgument(call: SgNode): SgNode | null {
  const args = call.field("arguments");
  return args?.children().find((child) => child.isNamed() && child.kind() !== "comment") ?? null;
}

function importsModule(root: SgRoot, pattern: RegExp): boolean {
  return root
    .root()
    .findAll({ rule: { kind: "string_fragment", regex: pattern.source } })
    .some((node) => pattern.test(node.text()));
}

const CHILD_PROCESS_CALLS = /^(?:[\w$]+\.)?(exec|execSync|spawn|spawnSync|execFile|execFileSync)$/;

/** Dangerous calls in JavaScript and TypeScript. */
export const JAVASCRIPT_DANGEROUS_CALLS: readonly CodeRule[] = [
  {
    id: "js/eval",
    category: "security",
    family: "javascript",
    severity: "high",
    message: "`eval` runs a string as code; anyone who controls the string controls the process.",
    fixHint: "Parse data with JSON.parse, or look values up in a map instead of evaluating code.",
    find: (root) =>
      root.root().findAll({
        rule: { kind: "call_expression", has: { field: "function", regex: "^eval$" } },
      }),
  },
  {
    id: "js/new-function",
    category: "security",
    family: "javascript",
    severity: "high",
    message: "`new Function` compiles a string into code, like `eval`.",
    fixHint: "Write the function in source; pass data as arguments instead of building code.",
    find: (root) =>
      root.root().findAll({
        rule: { kind: "new_expression", has: { field: "constructor", regex: "^Function$" } },
      }),
  },
  {
    id: "js/child-process-interpolation",
    category: "security",
    family: "javascript",
    severity: "high",
    message: "A shell command built from interpolated values can be injected into.",
    fixHint:
      "Use execFile/spawn with an argument array (no shell) and pass values as separate arguments.",
    find: (root) => {
      if (!importsModule(root, /^(node:)?child_process$/)) return [];
      return nodesOfKind(root, "call_expression").filter((call) => {
        const callee = call.field("function")?.text() ?? "";
        return CHILD_PROCESS_CALLS.test(callee) && isBuiltString(firstArgument(call));
      });
    },
  },
  {
    id: "js/sql-concatenation",
    category: "security",
    family: "javascript",
    severity: "high",
    message: "SQL built by concatenation or interpolation is open to SQL injection.",
    fixHint:
      "Use a parameterized query (placeholders such as $1 or ?) and pass the values separately.",
    find: (root) =>
      nodesOfKind(root, "call_expression").filter((call) => {
        const argument = firstArgument(call);
        return (
          call.field("function")?.kind() === "member_expression" &&
          isBuiltString(argument) &&
          SQL_START.test(leadingText(argument!))
        );
      }),
  },
  {
    id: "js/inner-html",
    category: "security",
    family: "javascript",
    severity: "medium",
    message: "Assigning HTML from a variable to innerHTML/outerHTML allows cross-site scripting.",
    fixHint: "Set textContent, or sanitize the HTML (for example with DOMPurify) before assigning.",
    find: (root) =>
      root
        .root()
        .findAll({
          rule: {
            kind: "assignment_expression",
            has: {
              field: "left",
              kind: "member_expression",
              has: { field: "property", regex: "^(innerHTML|outerHTML)$" },
            },
          },
        })
        .filter((node) => node.field("right")?.kind() !== "string"),
  },
  {
    id: "js/dangerously-set-inner-html",
    category: "security",
    family: "javascript",
    severity: "medium",
    message: "`dangerouslySetInnerHTML` renders raw HTML and allows cross-site scripting.",
    fixHint: "Render the content as React children, or sanitize it (DOMPurify) first.",
    find: (root) =>
      root
        .root()
        .findAll({ rule: { kind: "property_identifier", regex: "^dangerouslySetInnerHTML$" } }),
  },
  {
    id: "js/tls-verification-disabled",
    category: "security",
    family: "javascript",
    severity: "high",
    message:
      "TLS certificate verification is turned off, so any server can impersonate the real one.",
    fixHint:
      "Remove `rejectUnauthorized: false` / NODE_TLS_REJECT_UNAUTHORIZED=0; trust a private CA with the `ca` option instead.",
    find: (root) => [
      ...root.root().findAll({
        rule: {
          kind: "pair",
          all: [
            { has: { field: "key", regex: "^[\"']?rejectUnauthorized[\"']?$" } },
            { has: { field: "value", kind: "false" } },
          ],
        },
      }),
      ...root
        .root()
        .findAll({
          rule: {
            kind: "assignment_expression",
            has: { field: "left", regex: "NODE_TLS_REJECT_UNAUTHORIZED" },
          },
        })
        .filter((node) => /^["'`]?0["'`]?$/.test(node.field("right")?.text() ?? "")),
    ],
  },
];

function pythonCalls(root: SgRoot, callee: RegExp): SgNode[] {
  return nodesOfKind(root, "call").filter((call) =>
    callee.test(call.field("function")?.text() ?? ""),
  );
}

function hasKeyword(call: SgNode, name: string, value: string): boolean {
  return (call.field("arguments")?.children() ?? []).some(
    (argument) =>
      argument.kind() === "keyword_argument" &&
      argument.field("name")?.text() === name &&
      argument.field("value")?.text() === value,
  );
}

/** A Python f-string, `%` formatting, `.format()` or `+` concatenation. */
function isBuiltPythonString(node: SgNode | null): boolean {
  if (!node) return false;
  if (node.kind() === "string") {
    return node.children().some((child) => child.kind() === "interpolation");
  }
  if (node.kind() === "binary_operator") return /^[+%]$/.test(node.field("operator")?.text() ?? "");
  if (node.kind() === "call") return /\.format$/.test(node.field("function")?.text() ?? "");
  return false;
}

/** Dangerous calls in Python. */
export const PYTHON_DANGEROUS_CALLS: readonly CodeRule[] = [
  {
    id: "py/eval",
    category: "security",
    family: "python",
    severity: "high",
    message:
      "`eval`/`exec` runs a string as code; anyone who controls the string controls the process.",
    fixHint: "Use ast.literal_eval for literals, json.loads for data, or a lookup table.",
    find: (root) => pythonCalls(root, /^(eval|exec)$/),
  },
  {
    id: "py/pickle-loads",
    category: "security",
    family: "python",
    severity: "high",
    message: "Unpickling data runs arbitrary code chosen by whoever produced the data.",
    fixHint: "Exchange data as JSON (json.loads) or another format that cannot carry code.",
    find: (root) => pythonCalls(root, /^(c?[Pp]ickle|dill|_pickle)\.(loads?|Unpickler)$/),
  },
  {
    id: "py/subprocess-shell",
    category: "security",
    family: "python",
    severity: "high",
    message: "`shell=True` passes the command through the shell, which makes injection possible.",
    fixHint: "Pass the command as a list of arguments and drop shell=True.",
    find: (root) =>
      pythonCalls(root, /^subprocess\.\w+$/).filter((call) => hasKeyword(call, "shell", "True")),
  },
  {
    id: "py/sql-concatenation",
    category: "security",
    family: "python",
    severity: "high",
    message: "SQL built by formatting or concatenation is open to SQL injection.",
    fixHint: "Use placeholders (%s or ?) and pass the values as the second argument of execute.",
    find: (root) =>
      pythonCalls(root, /\.(execute|executemany|raw)$/).filter((call) => {
        const argument = firstArgument(call);
        return isBuiltPythonString(argument) && SQL_START.test(leadingText(argument!));
      }),
  },
  {
    id: "py/tls-verification-disabled",
    category: "security",
    family: "python",
    severity: "high",
    message: "TLS certificate verification is turned off (`verify=False`).",
    fixHint: "Remove verify=False; pass verify='/path/to/ca.pem' to trust a private CA.",
    find: (root) => nodesOfKind(root, "call").filter((call) => hasKeyword(call, "verify", "False")),
  },
];
