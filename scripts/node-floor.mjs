// Keeps the repository's scripts on a supported Node.js. contexten needs Node.js 22.15 or
// newer (the first 22.x where require() of ES modules works unflagged); on an older Node
// the calling script re-runs itself under Node.js 22 fetched from the npm registry
// (`npx -y node@22`), so `npm test` and `npm run demo` keep working on a fresh clone
// without a Node version manager.
import { spawnSync } from "node:child_process";
import { delimiter, dirname } from "node:path";

/** The oldest supported Node.js, as in every manifest's `engines.node`. */
export const NODE_FLOOR = "22.15.0";
const NODE_FROM_REGISTRY = "node@22";
const REEXEC_MARKER = "CONTEXTEN_NODE_REEXEC";

/** True when `version` ("22.11.0", "v20.20.2") is older than {@link NODE_FLOOR}. */
export function isBelowFloor(version) {
  const parse = (text) => text.replace(/^v/, "").split(".").map(Number);
  const actual = parse(version);
  const floor = parse(NODE_FLOOR);
  for (let index = 0; index < floor.length; index++) {
    if ((actual[index] ?? 0) !== floor[index]) return (actual[index] ?? 0) < floor[index];
  }
  return false;
}

/**
 * Makes sure the running script runs on Node.js {@link NODE_FLOOR} or newer. On an older
 * Node it prints one line, re-runs `script` with the same arguments under Node.js 22 from
 * the npm registry and exits with that run's status. On a supported Node it puts this
 * Node first on `PATH`, so tools started from the script (`npx`, vitest's bin, pnpm) run
 * on it too, not on an older system `node`.
 */
export function ensureSupportedNode(script) {
  if (!isBelowFloor(process.versions.node)) {
    process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
    return;
  }
  if (process.env[REEXEC_MARKER]) {
    console.error(
      `\n✖ ${NODE_FROM_REGISTRY} from the npm registry started Node.js ${process.version}, still older than ${NODE_FLOOR}. Install Node.js ${NODE_FLOOR} or newer and retry.`,
    );
    process.exit(1);
  }
  console.log(
    `→ Node.js ${process.version} is older than ${NODE_FLOOR}; re-running with Node.js 22 from the npm registry (npx -y ${NODE_FROM_REGISTRY}).`,
  );
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const result = spawnSync(npx, ["-y", NODE_FROM_REGISTRY, script, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [REEXEC_MARKER]: "1" },
  });
  if (result.error) {
    console.error(
      `\n✖ could not fetch Node.js 22 with npx (${result.error.message}). Install Node.js ${NODE_FLOOR} or newer and retry.`,
    );
    process.exit(1);
  }
  if (result.signal) process.kill(process.pid, result.signal);
  process.exit(result.status ?? 1);
}
