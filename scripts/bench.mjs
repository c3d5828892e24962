#!/usr/bin/env node
// Runs the benchmarks in bench/<name>/index.ts: all of them, or the ones named on the
// command line (`npm run bench -- ratelimit correlation`), on Node.js 22.15 or newer (an
// older Node re-runs this script under Node.js 22 from the npm registry).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSupportedNode } from "./node-floor.mjs";

ensureSupportedNode(fileURLToPath(import.meta.url));

const root = fileURLToPath(new URL("..", import.meta.url));
const benchDir = join(root, "bench");
const available = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, "index.ts")))
  .map((entry) => entry.name);
const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const selected = requested.length > 0 ? requested : available;
if (selected.length === 0) {
  console.log("No benchmarks yet.");
  process.exit(0);
}
for (const name of selected) {
  if (!available.includes(name)) {
    console.error(`Unknown benchmark "${name}". Available: ${available.join(", ") || "none"}.`);
    process.exit(1);
  }
  console.log(`\n### bench/${name}`);
  const result = spawnSync(
    process.execPath,
    ["--expose-gc", "--conditions=@contexten/source", "--import", "tsx", join(name, "index.ts")],
    { cwd: benchDir, stdio: "inherit" },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
