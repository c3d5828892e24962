import { existsSync } from "node:fs";
import { type DynamicLangRegistrations, parse, registerDynamicLanguage } from "@ast-grep/napi";

/** The package that provides the Python grammar (an optional peer dependency). */
export const PYTHON_GRAMMAR_PACKAGE = "@ast-grep/lang-python";

/** A tree-sitter grammar registration as ast-grep takes it (what `@ast-grep/lang-python` exports). */
export type PythonGrammar = DynamicLangRegistrations[string];

/** Loads the Python grammar; rejects when it is not available. */
export type PythonGrammarLoader = () => Promise<PythonGrammar>;

/** Whether Python files can be parsed, and why not when they cannot. */
export type PythonSupport = { available: true } | { available: false; reason: string };

/** Imports the optional `@ast-grep/lang-python`. */
export async function importPythonGrammar(): Promise<PythonGrammar> {
  const module = await import("@ast-grep/lang-python");
  return (module as { default?: PythonGrammar }).default ?? (module as PythonGrammar);
}

// ast-grep takes one registration per process, so the first grammar that works stays.
let pythonRegistered = false;
const attempts = new WeakMap<PythonGrammarLoader, Promise<PythonSupport>>();

function parsesPython(): boolean {
  try {
    parse("python", "x = 1\n");
    return true;
  } catch {
    return false;
  }
}

function register(grammar: PythonGrammar): void {
  // The application may have registered Python itself; registering twice is not supported.
  if (parsesPython()) return;
  // ast-grep aborts the process (a native panic, not an exception) on a missing library.
  if (!existsSync(grammar.libraryPath)) {
    throw new Error(`the grammar library ${grammar.libraryPath} does not exist`);
  }
  registerDynamicLanguage({ python: grammar });
  if (!parsesPython()) throw new Error(`the grammar at ${grammar.libraryPath} did not load`);
}

async function attempt(loader: PythonGrammarLoader): Promise<PythonSupport> {
  try {
    const grammar = await loader();
    if (!pythonRegistered) {
      register(grammar);
      pythonRegistered = true;
    }
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Loads and registers the Python grammar once per loader (default: import
 * `@ast-grep/lang-python`). Never throws: when the package is missing or broken the result
 * says why, and Python files get text-level checks only.
 */
export function loadPythonSupport(
  loader: PythonGrammarLoader = importPythonGrammar,
): Promise<PythonSupport> {
  let pending = attempts.get(loader);
  if (!pending) {
    pending = attempt(loader);
    attempts.set(loader, pending);
  }
  return pending;
}

/** Whether the Python grammar is registered (see {@link loadPythonSupport}). */
export function isPythonRegistered(): boolean {
  return pythonRegistered;
}
