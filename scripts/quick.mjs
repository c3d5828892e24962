#!/usr/bin/env node
// The README's quick start: `npm run demo` and `npm test` on a fresh clone with only
// Node.js and npm. This script moves to Node.js 22 when the running Node is older than the
// supported floor (see node-floor.mjs), installs the workspace with the pinned pnpm
// (through npx, because corepack is not always available) when the lockfile or a manifest
// changed since the last install, then runs the requested task.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSupportedNode } from "./node-floor.mjs";

const PNPM = "pnpm@12.4.2";
const root = fileURLToPath(new URL("..", import.meta.url));
const stampFile = join(root, "node_modules", ".contexten-install-stamp");

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

function manifests() {
  const files = ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json"];
  for (const parent of ["packages", "examples", "tests"]) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) files.push(join(parent, entry, "package.json"));
  }
  files.push("bench/package.json");
  return files.filter((file) => existsSync(join(root, file)));
}

function installStamp() {
  const hash = createHash("sha256");
  for (const file of manifests()) hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest("hex");
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function ensureInstalled() {
  const stamp = installStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  console.log(`→ Installing dependencies with ${PNPM} (first run only)…`);
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const status = run(npx, ["-y", PNPM, "install", "--frozen-lockfile"]);
  if (status !== 0) fail("installing dependencies failed; see the output above.");
  writeFileSync(stampFile, stamp);
}

const task = process.argv[2];
ensureSupportedNode(fileURLToPath(import.meta.url));
ensureInstalled();
const bin = (name) => join(root, "node_modules", ".bin", name);

switch (task) {
  case "demo": {
    const example = join(root, "examples", "linear-github-slack");
    process.exit(
      run(
        process.execPath,
        [
          "--conditions=@contexten/source",
          "--import",
          "tsx",
          "src/demo.ts",
          ...process.argv.slice(3),
        ],
        {
          cwd: example,
        },
      ),
    );
    break;
  }
  case "test":
    process.exit(run(bin("vitest"), ["run", ...process.argv.slice(3)]));
    break;
  default:
    fail(`unknown task ${JSON.stringify(task)}; use "demo" or "test".`);
}
