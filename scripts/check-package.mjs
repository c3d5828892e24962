#!/usr/bin/env node
// `check:package` of every publishable package: publint on the package, then
// are-the-types-wrong on the tarball pnpm packs. (`attw --pack` packs with npm, which
// the `prepack` guard refuses for packages with `workspace:` ranges, and which would
// not be the tarball we publish anyway.)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs a step; true when it passed. */
function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error) console.error(`✖ could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

const destination = mkdtempSync(join(tmpdir(), "contexten-attw-"));
try {
  const passed =
    run("publint", ["--strict"]) &&
    run("pnpm", ["pack", "--pack-destination", destination]) &&
    run("attw", [
      join(
        destination,
        readdirSync(destination).find((name) => name.endsWith(".tgz")),
      ),
      "--profile",
      "node16",
    ]);
  if (!passed) process.exitCode = 1;
} finally {
  rmSync(destination, { recursive: true, force: true });
}
