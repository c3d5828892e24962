import python from "@ast-grep/lang-python";
import { Lang, parse, registerDynamicLanguage, type SgRoot } from "@ast-grep/napi";

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

let pythonRegistered = false;

/** The language of a path by its extension, or undefined when it is not parsed. */
export function languageOf(path: string): SourceLanguage | undefined {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return EXTENSIONS[extension];
}

/** Whether a language belongs to the JavaScript family (shares the rule set). */
export function isJavaScriptFamily(language: SourceLanguage): boolean {
  return language !== "python";
}

/** Parses source with ast-grep's tree-sitter grammar for the language. */
export function parseSource(language: SourceLanguage, source: string): SgRoot {
  switch (language) {
    case "typescript":
      return parse(Lang.TypeScript, source);
    case "tsx":
      return parse(Lang.Tsx, source);
    case "javascript":
      return parse(Lang.JavaScript, source);
    case "python":
      if (!pythonRegistered) {
        registerDynamicLanguage({ python });
        pythonRegistered = true;
      }
      return parse("python", source);
  }
}
