import { Lang, parse, type SgRoot } from "@ast-grep/napi";
import { isPythonRegistered, PYTHON_GRAMMAR_PACKAGE } from "./python-grammar";

/** Languages parsed into syntax trees; every other file gets text-level checks only. */
export type SourceLanguage = "typescript" | "tsx" | "javascript" | "python";

const EXTENSIONS: Record<string, SourceLanguage> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  py: "python",
};

/** The language of a path by its extension, or undefined when it is not parsed. */
export function languageOf(path: string): SourceLanguage | undefined {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return EXTENSIONS[extension];
}

/** Whether a language belongs to the JavaScript family (shares the rule set). */
export function isJavaScriptFamily(language: SourceLanguage): boolean {
  return language !== "python";
}

/**
 * Parses source with ast-grep's tree-sitter grammar for the language. Python needs
 * `loadPythonSupport()` to have succeeded first (the grammar is an optional package).
 */
export function parseSource(language: SourceLanguage, source: string): SgRoot {
  switch (language) {
    case "typescript":
      return parse(Lang.TypeScript, source);
    case "tsx":
      return parse(Lang.Tsx, source);
    case "javascript":
      return parse(Lang.JavaScript, source);
    case "python":
      if (!isPythonRegistered()) {
        throw new Error(
          `The Python grammar is not loaded: install ${PYTHON_GRAMMAR_PACKAGE} and await loadPythonSupport() before parsing Python.`,
        );
      }
      return parse("python", source);
  }
}
