import { describe, expect, it } from "vitest";
import { analyzeChangedFiles, type ChangedFile, type Finding } from "../src/index";
import { loadFixturePair } from "./load-fixture-pair";

const brief = (findings: Finding[]) =>
  findings
    .map((finding) => `${finding.ruleId} ${finding.file}:${finding.line} ${finding.severity}`)
    .sort();

describe("analyzeChangedFiles on before/after fixtures", () => {
  it("finds what a risky TypeScript change introduces, and nothing that was already there", async () => {
    const analysis = await analyzeChangedFiles(loadFixturePair("risky-js"), {
      repository: "acme/api",
    });
    expect(brief(analysis.security)).toEqual([
      "js/child-process-interpolation src/routes/reports.ts:27 high",
      "js/eval src/routes/reports.ts:31 high",
      "js/inner-html src/routes/reports.ts:37 medium",
      "js/sql-concatenation src/routes/reports.ts:16 high",
      "js/tls-verification-disabled src/routes/reports.ts:34 high",
      "secret/github src/routes/reports.ts:6 critical",
    ]);
    const secret = analysis.security.find((finding) => finding.ruleId === "secret/github")!;
    expect(secret.message).not.toContain("R8vJ2kQw7LmN4pXs9TbY3cHd6FgZ1aEu5WoK");
    expect(secret.fixHint).toMatch(/Revoke/);
    expect(analysis.performance).toEqual([]);
    expect(brief(analysis.quality)).toEqual([
      "quality/untested-change src/routes/reports.ts:1 low",
    ]);
    expect(analysis.breakingChanges).toEqual([]);
    expect(analysis.notes).toEqual([]);
    // Unchanged functions (listReports, exportReport and its callback) are not listed.
    expect(analysis.functions.map((fn) => fn.name)).toEqual([
      "searchReports",
      "archiveReport",
      "archiveReport.<anonymous#1>",
      "applyFilter",
      "showPreview",
      "githubHeaders",
    ]);
  });

  it("finds pickle, shell=True, formatted SQL, verify=False and eval in Python", async () => {
    const analysis = await analyzeChangedFiles(loadFixturePair("risky-python"));
    expect(brief(analysis.security)).toEqual([
      "py/eval app/jobs.py:28 high",
      "py/pickle-loads app/jobs.py:11 high",
      "py/sql-concatenation app/jobs.py:23 high",
      "py/subprocess-shell app/jobs.py:15 high",
      "py/tls-verification-disabled app/jobs.py:19 high",
    ]);
    expect(analysis.functions.find((fn) => fn.name === "load_job")).toMatchObject({
      before: 1,
      after: 2,
    });
  });

  it("reports nothing for a clean change with tests (false positives are bugs too)", async () => {
    const analysis = await analyzeChangedFiles(loadFixturePair("clean-js"));
    expect(analysis.security).toEqual([]);
    expect(analysis.performance).toEqual([]);
    expect(analysis.quality).toEqual([]);
    expect(analysis.breakingChanges).toEqual([]);
    expect(analysis.notes).toEqual([]);
    expect(analysis.stats).toEqual({ filesChanged: 2, filesAnalyzed: 2, linesAnalyzed: 43 });
  });

  it("hints at awaits in loops, sync calls in handlers and nested loops over one collection", async () => {
    const analysis = await analyzeChangedFiles(loadFixturePair("slow-js"));
    expect(brief(analysis.performance)).toEqual([
      "js/await-in-loop src/sync-orders.ts:34 low",
      "js/nested-loop-same-collection src/sync-orders.ts:25 low",
      "js/sync-call-in-request-handler src/sync-orders.ts:39 medium",
    ]);
    expect(analysis.security).toEqual([]);
    expect(analysis.functions.find((fn) => fn.name === "duplicateOrders")).toMatchObject({
      before: undefined,
      after: 5,
    });
  });

  it("reports complexity growth and long functions past the thresholds", async () => {
    const branches = (count: number) =>
      Array.from(
        { length: count },
        (_, index) => `  if (value === ${index}) return "${index}";`,
      ).join("\n");
    const files: ChangedFile[] = [
      {
        path: "src/label.ts",
        status: "modified",
        baseContent: `export function label(value: number): string {\n${branches(3)}\n  return "other";\n}\n`,
        headContent: `export function label(value: number): string {\n${branches(12)}\n  return "other";\n}\n`,
      },
    ];
    const analysis = await analyzeChangedFiles(files, { longFunctionLines: 10 });
    expect(analysis.functions).toEqual([
      { file: "src/label.ts", name: "label", line: 1, before: 4, after: 13, lines: 15 },
    ]);
    expect(brief(analysis.quality)).toEqual([
      "quality/complexity src/label.ts:1 low",
      "quality/long-function src/label.ts:1 low",
      "quality/untested-change src/label.ts:1 low",
    ]);
  });

  it("gives the same fingerprints when the code moves", async () => {
    const [file] = loadFixturePair("risky-js");
    const moved = { ...file!, headContent: `// moved down\n\n${file!.headContent}` };
    const first = await analyzeChangedFiles([file!], { repository: "acme/api" });
    const second = await analyzeChangedFiles([moved], { repository: "acme/api" });
    expect(second.security.map((finding) => finding.line)).not.toEqual(
      first.security.map((finding) => finding.line),
    );
    expect(second.security.map((finding) => finding.fingerprint).sort()).toEqual(
      first.security.map((finding) => finding.fingerprint).sort(),
    );
  });
});

describe("only what the change adds", () => {
  it("does not report a secret or a call the base already had, even when it moves", async () => {
    const [file] = loadFixturePair("risky-js");
    const after = file!.headContent!;
    const analysis = await analyzeChangedFiles([
      {
        path: file!.path,
        status: "modified",
        baseContent: after,
        headContent: `// Reports\n\n${after}\nexport const retries = 3;\n`,
      },
    ]);
    expect(analysis.security).toEqual([]);
  });

  it("hints at awaits in loops and nested loops over one collection in Python", async () => {
    const analysis = await analyzeChangedFiles([
      {
        path: "app/sync.py",
        status: "added",
        headContent: [
          "async def push(items, send):",
          "    for item in items:",
          "        await send(item)",
          "",
          "def pairs(items):",
          "    found = []",
          "    for a in items:",
          "        for b in items:",
          "            if a != b and a.id == b.id:",
          "                found.append(a)",
          "    return found",
          "",
          "async def gathered(items, send):",
          "    await asyncio.gather(*(send(item) for item in items))",
          "",
        ].join("\n"),
      },
    ]);
    expect(brief(analysis.performance)).toEqual([
      "py/await-in-loop app/sync.py:3 low",
      "py/nested-loop-same-collection app/sync.py:8 low",
    ]);
    expect(analysis.functions.map((fn) => `${fn.name} ${fn.after}`)).toEqual([
      "push 2",
      "pairs 5",
      "gathered 2",
    ]);
  });
});

describe("bad input gives notes, never a crash", () => {
  it("notes binary, huge, unparsable, removed, renamed and unsupported files", async () => {
    const files: ChangedFile[] = [
      {
        path: "assets/logo.png",
        status: "added",
        headContent: "\u0089PNG\r\n\u001a\n\u0000\u0000",
      },
      { path: "data/blob.dat", status: "added", headContent: `abc\u0000def` },
      {
        path: "src/huge.ts",
        status: "added",
        headContent: "export const x = 1;\n".repeat(200_000),
      },
      { path: "src/broken.ts", status: "added", headContent: "export function ( {{{ eval(" },
      {
        path: "src/old-api.ts",
        status: "removed",
        baseContent: "export function legacy(a: string): void {}\n",
      },
      {
        path: "src/new-name.ts",
        previousPath: "src/old-name.ts",
        status: "renamed",
        baseContent: "export const answer = 42;\n",
        headContent: "export const answer = 42;\n",
      },
      { path: "main.go", status: "added", headContent: "package main\n\nfunc main() {}\n" },
      { path: "src/missing.ts", status: "modified" },
    ];
    const analysis = await analyzeChangedFiles(files, { maxFileBytes: 1024 * 1024 });
    expect(analysis.notes.map((note) => `${note.code} ${note.file}`)).toEqual([
      "binary-file assets/logo.png",
      "binary-file data/blob.dat",
      "file-too-large src/huge.ts",
      "parse-errors src/broken.ts",
      "removed-file src/old-api.ts",
      "renamed-file src/new-name.ts",
      "unsupported-language main.go",
      "content-unavailable src/missing.ts",
    ]);
    expect(analysis.breakingChanges.map((change) => `${change.kind} ${change.symbol}`)).toEqual([
      "export-removed legacy",
    ]);
    expect(analysis.stats.filesAnalyzed).toBe(3);
  });

  it("caps a 3,000-file change with a note naming what was left out", async () => {
    const files: ChangedFile[] = Array.from({ length: 3000 }, (_, index) => ({
      path: `src/generated/module-${index}.ts`,
      status: "modified",
      baseContent: `export function value${index}(): number {\n  return ${index};\n}\n`,
      headContent: `export function value${index}(): number {\n  return ${index} + 1;\n}\n`,
    }));
    files.push({ path: "README.md", status: "modified", baseContent: "a", headContent: "b" });
    const analysis = await analyzeChangedFiles(files, { maxFiles: 200 });
    expect(analysis.stats).toEqual({ filesChanged: 3001, filesAnalyzed: 200, linesAnalyzed: 600 });
    expect(analysis.functions).toHaveLength(200);
    expect(analysis.notes).toHaveLength(1);
    expect(analysis.notes[0]!.code).toBe("files-capped");
    expect(analysis.notes[0]!.message).toMatch(
      /^The change has 3001 files; the first 200 \(source files first\) were analysed and 2801 were not: src\/generated\/module-\d+\.ts, /,
    );
    // Source files come before the README in what was analysed.
    expect(analysis.notes[0]!.message).not.toContain("README.md, src");
  });
});
