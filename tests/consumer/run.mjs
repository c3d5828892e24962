#!/usr/bin/env node
// Consumer smoke test: what a new user gets from the registry, checked before a release.
// Packs every package with pnpm, installs the tarballs with plain npm (engine-strict, no
// warnings allowed) outside the workspace, on the floor Node (22.15.0) and the newest LTS
// (26), into ESM, CommonJS and TypeScript projects, then runs the README's "Use it in your
// service" recipes (Express 5, Fastify 5, Hono, Next.js route handlers) against the
// machine's PostgreSQL and posts signed webhooks to each. Needs a build first
// (`npx -y pnpm@12.4.2 run build`). Everything it downloads or writes stays in a temp
// directory, removed at the end (keep it with --keep). See README.md beside this file.
//
//   node tests/consumer/run.mjs [--node 22.15.0 --node 26] [--project esm|cjs|typescript] [--keep]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureSupportedNode, NODE_FLOOR } from "../../scripts/node-floor.mjs";
import { createConsumerProjects, PROJECT_KINDS } from "./lib/consumer-project.mjs";
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
// npm's cache (and the Node.js binaries npx fetches) live in the temp directory too.
const baseEnv = {
  ...process.env,
  npm_config_cache: join(temp, "npm-cache"),
  npm_config_update_notifier: "false",
};

/** Checks one project of an install: every entry loads, then the recipes' servers. */
async function runProject({ directory, kind, servers, node, env }) {
  const projectRoot = join(directory, kind);
  await runChecked(`${kind}: loading every entry`, "node", ["dist/entries.js"], {
    cwd: projectRoot,
    env,
  });
  const configPath = join(projectRoot, "smoke-config.json");
  const schemaPrefix = `consumer_${process.pid}_${kind}_${node.version.replace(/\W/g, "_")}`;
  writeFileSync(
    configPath,
    JSON.stringify({ databaseUrl, schemaPrefix, directory: projectRoot, targets: servers }),
  );
  const smoke = await runChecked(`${kind}: the recipes`, "node", ["smoke.mjs", configPath], {
    cwd: directory,
    env,
  });
  const loaded = kind === "cjs" ? "require()" : "import";
  return [
    `✓ ${kind} on Node ${node.version}`,
    `  ✓ ${loaded} of every entry, ./testing without vitest`,
    smoke.output.trimEnd(),
  ].join("\n");
}

/** One Node.js version: one npm install, then every project on it. */
async function runNode({ node, tarballs, recipes }) {
  const nodeStart = performance.now();
  const directory = join(temp, `node-${node.version}`);
  const env = { ...baseEnv, PATH: `${node.directory}${delimiter}${process.env.PATH}` };
  const servers = createConsumerProjects({
    directory,
    kinds: options.project,
    tarballs,
    readmeFiles: recipes,
    projectFiles,
  });
  const install = await npmInstall({ directory, env });
  const lines = [
    `✓ Node ${node.version}: npm install, engine-strict, no warnings (${install.seconds.toFixed(1)} s)`,
  ];
  if (options.project.includes("typescript")) {
    const projectRoot = join(directory, "typescript");
    const tsc = [join(directory, "node_modules", "typescript", "bin", "tsc"), "-p"];
    const main = await runChecked("tsc", "node", [...tsc, "tsconfig.json"], {
      cwd: projectRoot,
      env,
    });
    const next = await runChecked("tsc (Next.js)", "node", [...tsc, "tsconfig.next.json"], {
      cwd: projectRoot,
      env,
    });
    lines.push(
      `✓ Node ${node.version}: tsc on the recipes, entries and option types (strict, exactOptionalPropertyTypes, node16) and the Next.js routes (${(main.seconds + next.seconds).toFixed(1)} s)`,
    );
  }
  console.log(lines.join("\n"));
  const results = await Promise.all(
    options.project.map((kind) =>
      runProject({ directory, kind, servers: servers[kind], node, env }).then(
        (report) => ({ ok: true, report }),
        (error) => ({ ok: false, report: `✖ ${kind} on Node ${node.version}: ${error.message}` }),
      ),
    ),
  );
  for (const result of results) console.log(result.report);
  console.log(`  Node ${node.version} done in ${elapsed(nodeStart)}`);
  return results;
}

let failed = false;
let summary = "";
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
  console.log(`✓ README.md recipes: ${recipes.map((file) => file.path).join(", ")}`);
  const nodeStart = performance.now();
  const nodes = await Promise.all(options.node.map((spec) => resolveNode(spec, baseEnv)));
  console.log(
    `✓ Node ${nodes.map((node) => node.version).join(" and ")} from the npm registry (${elapsed(nodeStart)})`,
  );
  const results = (
    await Promise.all(
      nodes.map((node) =>
        runNode({ node, tarballs, recipes }).catch((error) => [
          { ok: false, report: `✖ Node ${node.version}: ${error.message}` },
        ]),
      ),
    )
  ).flat();
  for (const result of results.filter(
    (candidate) => !candidate.ok && candidate.report.startsWith("✖ Node"),
  )) {
    console.log(result.report);
  }
  failed = results.some((result) => !result.ok);
  const passed = results.filter((result) => result.ok).length;
  summary = `${passed} passed, ${results.length - passed} failed (consumer projects`;
} catch (error) {
  failed = true;
  console.error(`✖ ${error.message}`);
} finally {
  if (options.keep) console.log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
if (summary) console.log(`\n${summary}; ${elapsed()} including cleanup)`);
process.exit(failed ? 1 : 0);
