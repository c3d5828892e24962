#!/usr/bin/env node
// Installs the system programs some test suites drive for real, when they are missing:
// Prometheus (scrapes the example service) and Chromium (opens the lineage page headless).
// Both come from Debian's packages: `apt-get install -y prometheus chromium`. Tests call
// ensureSystemTools() before they start; CI runs this script once up front
// (`node scripts/ensure-system-tools.mjs`). Without root or apt-get it fails and says what
// to install, so no suite skips silently.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The programs, where Debian installs them, and the package that has each. */
export const SYSTEM_TOOLS = {
  prometheus: { path: "/usr/bin/prometheus", aptPackage: "prometheus" },
  chromium: { path: "/usr/bin/chromium", aptPackage: "chromium" },
};

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.error?.message}):\n${result.stderr?.slice(-2000) ?? ""}`,
    );
  }
}

/**
 * Makes sure each named tool is installed and returns their paths. Installs the missing
 * ones with apt-get (as root); throws with the command to run otherwise.
 */
export function ensureSystemTools(names = Object.keys(SYSTEM_TOOLS)) {
  const tools = names.map((name) => {
    const tool = SYSTEM_TOOLS[name];
    if (!tool) throw new Error(`Unknown system tool ${JSON.stringify(name)}.`);
    return { name, ...tool };
  });
  const missing = tools.filter((tool) => !existsSync(tool.path));
  if (missing.length > 0) {
    const packages = missing.map((tool) => tool.aptPackage);
    const hint = `install them with: apt-get install -y ${packages.join(" ")}`;
    if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
      throw new Error(`Missing ${missing.map((tool) => tool.path).join(", ")}; ${hint}`);
    }
    console.log(`→ Installing ${packages.join(", ")} with apt-get (first run only)…`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages]);
    const still = missing.filter((tool) => !existsSync(tool.path));
    if (still.length > 0) {
      throw new Error(
        `apt-get did not install ${still.map((tool) => tool.path).join(", ")}; ${hint}`,
      );
    }
  }
  return Object.fromEntries(tools.map((tool) => [tool.name, tool.path]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = ensureSystemTools(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
  for (const [name, path] of Object.entries(paths)) console.log(`${name}: ${path}`);
}
