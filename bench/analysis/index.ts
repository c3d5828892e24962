/**
 * Pull request analysis throughput: `analyzeChangedFiles` (secrets with secretlint's
 * recommended rules, dangerous-call and performance rules, function complexity, exported
 * API comparison) on a realistic pull request mix, against the chosen parser alone
 * (ast-grep parsing the base and head of the same files) in the same run. The mix: 80
 * real TypeScript files of this repository (packages/*\/src, tests excluded), each changed
 * the way pull requests change code (a function added, a line edited, an export renamed),
 * plus the analysis fixtures' Python and JavaScript pairs. Rounds interleave; medians shown.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import python from "@ast-grep/lang-python";
import { Lang, parse, registerDynamicLanguage } from "@ast-grep/napi";
import { analyzeChangedFiles, type ChangedFile, languageOf } from "@contexten/analysis";
import { formatNumber, printTable } from "../shared/report";

const root = fileURLToPath(new URL("../../", import.meta.url));
const rounds = Number(process.env.BENCH_ANALYSIS_ROUNDS ?? 5);

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : walk(path);
    return [path];
  });
}

function changed(path: string, content: string, index: number): ChangedFile {
  const lines = content.split("\n");
  const middle = Math.floor(lines.length / 2);
  const edited = [...lines];
  edited[middle] = `${edited[middle] ?? ""} // reviewed`;
  const added =
    index % 3 === 0
      ? `\nexport async function syncAll${index}(items: readonly string[], send: (item: string) => Promise<void>) {\n  for (const item of items) {\n    if (item.length > 0 && item !== "skip") await send(item);\n  }\n}\n`
      : "";
  return { path, status: "modified", baseContent: content, headContent: edited.join("\n") + added };
}

const sources = ["core", "github", "slack", "linear", "workflows"]
  .flatMap((name) => walk(join(root, "packages", name, "src")))
  .filter((path) => path.endsWith(".ts") && !path.endsWith(".test.ts"))
  .sort()
  .filter((_, index) => index % 3 === 0)
  .slice(0, 80);
const files: ChangedFile[] = sources.map((path, index) =>
  changed(relative(root, path), readFileSync(path, "utf8"), index),
);
const pairs = join(root, "packages/analysis/test/fixtures/pairs");
for (const pair of readdirSync(pairs)) {
  for (const path of walk(join(pairs, pair, "after"))) {
    const relativePath = relative(join(pairs, pair, "after"), path);
    const before = join(pairs, pair, "before", relativePath);
    let baseContent: string | undefined;
    try {
      baseContent = readFileSync(before, "utf8");
    } catch {
      baseContent = undefined;
    }
    files.push({
      path: `${pair}/${relativePath}`,
      status: baseContent === undefined ? "added" : "modified",
      baseContent,
      headContent: readFileSync(path, "utf8"),
    });
  }
}
const totalLines = files.reduce(
  (sum, file) => sum + (file.headContent?.split("\n").length ?? 0),
  0,
);

registerDynamicLanguage({ python });
function parseAlone(): void {
  for (const file of files) {
    const language = languageOf(file.path);
    if (!language) continue;
    const lang =
      language === "python"
        ? "python"
        : language === "tsx"
          ? Lang.Tsx
          : language === "javascript"
            ? Lang.JavaScript
            : Lang.TypeScript;
    for (const content of [file.baseContent, file.headContent]) {
      if (content !== undefined) parse(lang, content).root().kind();
    }
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const analysisTimes: number[] = [];
const parserTimes: number[] = [];
let findings = 0;
// Warm-up: load the rule sets and grammars once.
await analyzeChangedFiles(files.slice(0, 5));
parseAlone();
for (let round = 0; round < rounds; round += 1) {
  globalThis.gc?.();
  let start = performance.now();
  const result = await analyzeChangedFiles(files, { repository: "acme/bench" });
  analysisTimes.push(performance.now() - start);
  findings = result.security.length + result.performance.length + result.quality.length;
  globalThis.gc?.();
  start = performance.now();
  parseAlone();
  parserTimes.push(performance.now() - start);
}

const row = (name: string, ms: number) => ({
  name,
  opsPerSecond: (files.length / ms) * 1000,
  meanNs: (ms / files.length) * 1e6,
  extra: {
    "files/s": formatNumber((files.length / ms) * 1000),
    "lines/s": formatNumber((totalLines / ms) * 1000),
    "one pass": `${formatNumber(ms, 1)} ms`,
  },
});
const analysisRow = row("analyzeChangedFiles (full analysis)", median(analysisTimes));
const parserRow = row("ast-grep parse alone (base + head)", median(parserTimes));
printTable(
  `Pull request analysis: ${files.length} changed files, ${formatNumber(totalLines)} head lines, ${findings} findings (median of ${rounds} rounds; ops = files)`,
  [analysisRow, parserRow],
);
console.log(
  `\nFull analysis costs ${formatNumber(median(analysisTimes) / median(parserTimes), 1)}× the parser alone on the same files (the overhead ratio).`,
);
