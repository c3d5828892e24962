import type { SgNode } from "@ast-grep/napi";
import { type CodeRule, nodesOfKind } from "../parsing/code-rule";
import { JS_FUNCTIONS, PY_FUNCTIONS } from "../parsing/syntax-kinds";

const JS_LOOPS = new Set(["for_statement", "for_in_statement", "while_statement", "do_statement"]);
const PY_LOOPS = new Set(["for_statement", "while_statement"]);

/** The nearest loop around a node inside its own function, if any. */
function enclosingLoop(
  node: SgNode,
  loops: ReadonlySet<string>,
  functions: ReadonlySet<string>,
): SgNode | undefined {
  for (let current = node.parent(); current; current = current.parent()) {
    if (functions.has(current.kind() as string)) return undefined;
    if (loops.has(current.kind() as string)) {
      // `for await (… of …)` is the deliberate sequential form, not an accident.
      if (current.children().some((child) => child.kind() === "await")) return undefined;
      return current;
    }
  }
  return undefined;
}

function enclosingFunction(node: SgNode, functions: ReadonlySet<string>): SgNode | undefined {
  for (let current = node.parent(); current; current = current.parent()) {
    if (functions.has(current.kind() as string)) return current;
  }
  return undefined;
}

const HANDLER_PARAMETERS = /^(req|request|res|response|reply|ctx|context)$/;

function looksLikeRequestHandler(fn: SgNode): boolean {
  const parameters = fn.field("parameters") ?? fn.field("parameter");
  if (!parameters) return false;
  const names = parameters.kind() === "identifier" ? [parameters] : parameters.children();
  return names.some((parameter) => {
    const name = (parameter.field("pattern") ?? parameter.field("name") ?? parameter).text();
    return HANDLER_PARAMETERS.test(name.replace(/[:?].*$/s, "").trim());
  });
}

const SYNC_CALLS =
  /(^|\.)(readFileSync|writeFileSync|appendFileSync|readdirSync|statSync|existsSync|execSync|spawnSync|pbkdf2Sync|scryptSync|randomFillSync|generateKeyPairSync|gzipSync|gunzipSync|deflateSync|inflateSync|brotliCompressSync)$/;

/** The collection a `for … of X` / `for … in X` / `X.forEach(…)` iterates, as text. */
function iteratedCollection(loop: SgNode): string | undefined {
  if (loop.kind() === "for_in_statement") return loop.field("right")?.text();
  if (loop.kind() === "for_statement" && loop.field("right")) return loop.field("right")?.text();
  return undefined;
}

/** Performance hints for JavaScript and TypeScript. */
export const JAVASCRIPT_PERFORMANCE_RULES: readonly CodeRule[] = [
  {
    id: "js/await-in-loop",
    category: "performance",
    family: "javascript",
    severity: "low",
    message: "`await` inside a loop runs the iterations one after another.",
    fixHint:
      "Start the operations first and await them together (Promise.all), with a concurrency limit if needed.",
    find: (root) =>
      root
        .root()
        .findAll({ rule: { kind: "await_expression" } })
        .filter((node) => enclosingLoop(node, JS_LOOPS, JS_FUNCTIONS) !== undefined),
  },
  {
    id: "js/sync-call-in-request-handler",
    category: "performance",
    family: "javascript",
    severity: "medium",
    message:
      "A synchronous file, process or crypto call in a request handler blocks every other request.",
    fixHint:
      "Use the promise-based API (fs/promises, crypto.pbkdf2 with a callback or promisify) or move the work out of the request path.",
    find: (root) =>
      nodesOfKind(root, "call_expression").filter((call) => {
        if (!SYNC_CALLS.test(call.field("function")?.text() ?? "")) return false;
        const fn = enclosingFunction(call, JS_FUNCTIONS);
        return fn !== undefined && looksLikeRequestHandler(fn);
      }),
  },
  {
    id: "js/nested-loop-same-collection",
    category: "performance",
    family: "javascript",
    severity: "low",
    message: "A loop over a collection nested in a loop over the same collection is quadratic.",
    fixHint: "Index the collection once (a Map or Set keyed by what the inner loop looks for).",
    find: (root) =>
      root
        .root()
        .findAll({ rule: { kind: "for_in_statement" } })
        .filter((inner) => {
          const collection = iteratedCollection(inner);
          if (!collection) return false;
          const outer = enclosingLoop(inner, JS_LOOPS, JS_FUNCTIONS);
          return outer !== undefined && iteratedCollection(outer) === collection;
        }),
  },
];

/** Performance hints for Python. */
export const PYTHON_PERFORMANCE_RULES: readonly CodeRule[] = [
  {
    id: "py/await-in-loop",
    category: "performance",
    family: "python",
    severity: "low",
    message: "`await` inside a loop runs the iterations one after another.",
    fixHint:
      "Gather the coroutines and await them together (asyncio.gather), with a semaphore if needed.",
    find: (root) =>
      root
        .root()
        .findAll({ rule: { kind: "await" } })
        .filter((node) => enclosingLoop(node, PY_LOOPS, PY_FUNCTIONS) !== undefined),
  },
  {
    id: "py/nested-loop-same-collection",
    category: "performance",
    family: "python",
    severity: "low",
    message: "A loop over a collection nested in a loop over the same collection is quadratic.",
    fixHint: "Index the collection once (a dict or set keyed by what the inner loop looks for).",
    find: (root) =>
      root
        .root()
        .findAll({ rule: { kind: "for_statement" } })
        .filter((inner) => {
          const collection = inner.field("right")?.text();
          const outer = enclosingLoop(inner, PY_LOOPS, PY_FUNCTIONS);
          return (
            collection !== undefined &&
            outer !== undefined &&
            outer.field("right")?.text() === collection
          );
        }),
  },
];
