#!/usr/bin/env node
// Consumer smoke test: what a new user gets from the registry, checked before a release.
// Packs every package with pnpm, installs the tarballs with plain npm (engine-strict, no
// warnings allowed) into fresh ESM, CommonJS and TypeScript projects in a temp directory,
// on the floor Node (22.12.0) and the newest LTS (26), then runs the README's "Use it in
// your service" recipes (Express 5, Fastify 5, Hono, Next.js route handlers) against the
// machine's PostgreSQL and posts signed webhooks to each. Needs a build first
// (`npx -y pnpm@12.4.2 run build`). Everything it downloads or writes stays in the temp
// directory, which is removed at the end (keep it with --keep).
//
//   node tests/consumer/run.mjs [--node 22.12.0 --node 26] [--project esm|cjs|typescript] [--keep]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureSupportedNode, NODE_FLOOR } from "../../scripts/node-floor.mjs";
import { createConsumerProject, PROJECT_KINDS } from "./lib/consumer-project.mjs";
import { resolveNode } from "./lib/node-binaries.mjs";
import { npmInstall } from "./lib/npm-install.mjs";
import { checkNpmPackRefused, packPackages } from "./lib/pack-packages.mjs";
import { readmeFiles } from "./lib/readme-files.mjs";
import { runChecked } from "./lib/run-command.mjs";

ensureSupportedNode(fileURLToPath(import.meta.url));

const { values: options } = parseArgs({
  options: {
    node: { type: "string", multiple: true, default: [NODE_FLOOR, "26"] },
    project: { type: "string", multiple: true, default: Object.keys(PROJECT_KINDS) },
    keep: { type: "boolean", default: false },
  },
});
/** Projects installed and exercised at once: npm and tsc share the machine's two cores. */
const CONCURRENCY = 3;
const root = fileURLToPath(new URL("../..", import.meta.url));
const projectFiles = fileURLToPath(new URL("./project-files", import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const started = performance.now();
const elapsed = (since = started) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

for (const kind of options.project) {
  if (!(kind in PROJECT_KINDS)) throw new Error(`unknown --project ${kind}`);
}
const unbuilt = ["core", "github", "slack", "linear", "storage-postgres"].filter(
  (name) => !existsSync(join(root, "packages", name, "dist", "index.js")),
);
if (unbuilt.length > 0) {
  console.error(`✖ build first (npx -y pnpm@12.4.2 run build): no dist in ${unbuilt.join(", ")}`);
  process.exit(1);
}

const temp = mkdtempSync(join(tmpdir(), "contexten-consumer-"));
// npm's cache (and the Node binaries npx fetches) live in the temp directory too.
const baseEnv = {
  ...process.env,
  npm_config_cache: join(temp, "npm-cache"),
  npm_config_update_notifier: "false",
};

async function runPipeline({ node, kind, tarballs, recipes }) {
  const pipelineStart = performance.now();
  const label = `${kind} on Node ${node.version}`;
  const directory = join(temp, `${kind}-${node.version}`);
  const env = { ...baseEnv, PATH: `${node.directory}${delimiter}${process.env.PATH}` };
  const lines = [];
  const servers = createConsumerProject({
    kind,
    directory,
    tarballs,
    readmeFiles: recipes,
    projectFiles,
  });
  const install = await npmInstall({ directory, env });
  lines.push(`  ✓ npm install (engine-strict, no warnings) ${install.seconds.toFixed(1)} s`);
  if (kind === "typescript") {
    const tsc = ["node_modules/typescript/bin/tsc", "-p"];
    const main = await runChecked("tsc", "node", [...tsc, "tsconfig.json"], {
      cwd: directory,
      env,
    });
    const next = await runChecked("tsc (Next.js)", "node", [...tsc, "tsconfig.next.json"], {
      cwd: directory,
      env,
    });
    lines.push(
      `  ✓ tsc: recipes, entries and option types (strict, exactOptionalPropertyTypes, node16), Next.js routes (bundler) ${(main.seconds + next.seconds).toFixed(1)} s`,
    );
  }
  await runChecked("loading every entry", "node", ["dist/entries.js"], { cwd: directory, env });
  lines.push(
    `  ✓ ${kind === "cjs" ? "require()" : "import"} of every entry, ./testing without vitest`,
  );
  const schemaPrefix = `consumer_${process.pid}_${kind}_${node.version.replace(/\W/g, "_")}`;
  writeFileSync(
    join(directory, "smoke-config.json"),
    JSON.stringify({ databaseUrl, schemaPrefix, targets: servers }),
  );
  const smoke = await runChecked("the recipes", "node", ["smoke.mjs"], { cwd: directory, env });
  lines.push(smoke.output.trimEnd());
  return `✓ ${label} (${elapsed(pipelineStart)})\n${lines.join("\n")}`;
}

async function inPool(items, size, work) {
  const results = [];
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]).then(
        (report) => ({ ok: true, report }),
        (error) => ({ ok: false, report: error.message }),
      );
      console.log(results[index].ok ? results[index].report : `✖ ${results[index].report}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

let failed = false;
try {
  const packStart = performance.now();
  const tarballs = await packPackages({
    root,
    destination: join(temp, "tarballs"),
    env: baseEnv,
    nodeFloor: NODE_FLOOR,
  });
  await checkNpmPackRefused({ root, env: baseEnv });
  console.log(
    `✓ packed ${Object.keys(tarballs).length} packages with pnpm (no workspace: ranges, engines >=${NODE_FLOOR}, LICENSE); npm pack refused (${elapsed(packStart)})`,
  );
  const recipes = readmeFiles(join(root, "README.md"));
  console.log(
    `✓ ${recipes.length} recipe files from README.md: ${recipes.map((file) => file.path).join(", ")}`,
  );
  const nodeStart = performance.now();
  const nodes = await Promise.all(options.node.map((spec) => resolveNode(spec, baseEnv)));
  console.log(
    `✓ Node ${nodes.map((node) => node.version).join(" and ")} from the npm registry (${elapsed(nodeStart)})`,
  );
  const pipelines = nodes.flatMap((node) =>
    options.project.map((kind) => ({ node, kind, tarballs, recipes })),
  );
  const results = await inPool(pipelines, CONCURRENCY, runPipeline);
  failed = results.some((result) => !result.ok);
  const passed = results.filter((result) => result.ok).length;
  console.log(
    `\n${passed} passed, ${results.length - passed} failed (consumer projects, ${elapsed()})`,
  );
} catch (error) {
  failed = true;
  console.error(`✖ ${error.message}`);
} finally {
  if (options.keep) console.log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
