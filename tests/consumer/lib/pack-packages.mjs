// Packs every publishable package with the release tool (pnpm) and checks what a registry
// would receive: real version ranges instead of `workspace:`, the Node floor in `engines`,
// and a LICENSE file. Also checks the guard that stops npm from packing them.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runChecked, runCommand } from "./run-command.mjs";

const PNPM = ["-y", "pnpm@12.4.2"];

/** `{ name → tarball path }` for every package under packages/, packed into `destination`. */
export async function packPackages({ root, destination, env, nodeFloor }) {
  await runChecked(
    "pnpm pack",
    "npx",
    [...PNPM, "-r", "--filter", "./packages/**", "pack", "--pack-destination", destination],
    { cwd: root, env },
  );
  const tarballs = {};
  const problems = [];
  for (const file of readdirSync(destination).filter((name) => name.endsWith(".tgz"))) {
    const path = join(destination, file);
    const manifestText = (await runChecked("tar", "tar", ["-xzOf", path, "package/package.json"]))
      .output;
    const manifest = JSON.parse(manifestText);
    const listing = (await runChecked("tar", "tar", ["-tzf", path])).output.split("\n");
    if (manifestText.includes('"workspace:')) problems.push(`${file} has a workspace: range`);
    if (manifest.engines?.node !== `>=${nodeFloor}`) {
      problems.push(`${file} has engines.node ${manifest.engines?.node}, not >=${nodeFloor}`);
    }
    if (!listing.includes("package/LICENSE")) problems.push(`${file} has no LICENSE`);
    tarballs[manifest.name] = path;
  }
  if (problems.length > 0) throw new Error(`packed tarballs:\n  ${problems.join("\n  ")}`);
  return tarballs;
}

/**
 * npm must refuse to pack an adapter (its manifest has `workspace:^`), naming the fix, even
 * when started from a pnpm script (which leaves pnpm's user agent in the environment).
 */
export async function checkNpmPackRefused({ root, env }) {
  const result = await runCommand("npm", ["pack", "--dry-run"], {
    cwd: join(root, "packages", "github"),
    env: { ...env, npm_config_user_agent: "pnpm/12.4.2 npm/? node/? linux x64" },
  });
  if (result.code === 0 || !result.output.includes("pnpm publish")) {
    throw new Error(`npm pack of @contexten/github was not refused:\n${result.output}`);
  }
}
