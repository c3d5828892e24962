import { describe, expect, it } from "vitest";
import {
  analyzeChangedFiles,
  type ChangedFile,
  loadPythonSupport,
  type PythonGrammarLoader,
} from "../src/index";

const TOKEN = "ghp_R8vJ2kQw7LmN4pXs9TbY3cHd6FgZ1aEu5WoK";
const files: ChangedFile[] = [
  {
    path: "app/settings.py",
    status: "modified",
    baseContent: "def load(source):\n    return source\n",
    headContent: `GITHUB_TOKEN = "${TOKEN}"\n\ndef load(source):\n    return eval(source)\n`,
  },
  {
    path: "src/run.ts",
    status: "added",
    headContent: "export function run(code: string) {\n  return eval(code);\n}\n",
  },
];
const brief = (analysis: Awaited<ReturnType<typeof analyzeChangedFiles>>) =>
  analysis.security.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`).sort();

// These run in order in one process: the grammar is registered (for good) only by the last.
describe("the optional Python grammar", () => {
  it("degrades Python files to the secret scan with a note when it cannot be loaded", async () => {
    let calls = 0;
    const missing: PythonGrammarLoader = async () => {
      calls += 1;
      throw new Error("Cannot find package '@ast-grep/lang-python'");
    };
    const analysis = await analyzeChangedFiles(files, { loadPythonGrammar: missing });
    expect(brief(analysis)).toEqual(["js/eval src/run.ts:2", "secret/github app/settings.py:1"]);
    expect(analysis.notes).toEqual([
      {
        file: "app/settings.py",
        code: "parser-unavailable",
        message:
          "app/settings.py: Python is parsed with the optional package @ast-grep/lang-python, which could not be loaded (Cannot find package '@ast-grep/lang-python'); only secrets were checked. Install it (npm install @ast-grep/lang-python) for the Python rules.",
      },
    ]);
    expect(analysis.functions.map((fn) => `${fn.file} ${fn.name}`)).toEqual(["src/run.ts run"]);
    expect(analysis.stats).toEqual({ filesChanged: 2, filesAnalyzed: 2, linesAnalyzed: 7 });

    await analyzeChangedFiles(files, { loadPythonGrammar: missing });
    expect(calls).toBe(1);
  });

  it("refuses a grammar whose library is missing instead of letting ast-grep abort", async () => {
    const broken: PythonGrammarLoader = async () => ({
      libraryPath: "/nonexistent/python/parser.so",
      extensions: ["py"],
    });
    expect(await loadPythonSupport(broken)).toEqual({
      available: false,
      reason: "the grammar library /nonexistent/python/parser.so does not exist",
    });
    const analysis = await analyzeChangedFiles(files, { loadPythonGrammar: broken });
    expect(analysis.notes.map((note) => note.code)).toEqual(["parser-unavailable"]);
  });

  it("does not load it when the change has no Python file", async () => {
    let calls = 0;
    const analysis = await analyzeChangedFiles([files[1]!], {
      loadPythonGrammar: async () => {
        calls += 1;
        throw new Error("not installed");
      },
    });
    expect(calls).toBe(0);
    expect(analysis.notes).toEqual([]);
  });

  it("parses Python with the installed package by default", async () => {
    expect(await loadPythonSupport()).toEqual({ available: true });
    const analysis = await analyzeChangedFiles(files);
    expect(brief(analysis)).toEqual([
      "js/eval src/run.ts:2",
      "py/eval app/settings.py:4",
      "secret/github app/settings.py:1",
    ]);
    expect(analysis.notes).toEqual([]);
    expect(analysis.functions.map((fn) => `${fn.file} ${fn.name}`)).toEqual([
      "app/settings.py load",
      "src/run.ts run",
    ]);
  });
});
