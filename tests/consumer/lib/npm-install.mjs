// Installs a consumer project with plain npm, as a user would, and holds the install to
// the bar a careful user sets: engine-strict, and not a single npm warning (an EBADENGINE,
// a deprecated dependency, a peer conflict).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runChecked } from "./run-command.mjs";

/** Runs `npm install` in `directory`; throws on failure, on any warning, or when a
 * `@contexten/*` package came from anywhere but the packed tarballs. */
export async function npmInstall({ directory, env }) {
  const result = await runChecked("npm install", "npm", ["install", "--no-audit", "--no-fund"], {
    cwd: directory,
    env,
  });
  const warnings = result.output.split("\n").filter((line) => /^npm warn/i.test(line));
  if (warnings.length > 0) throw new Error(`npm install warned:\n  ${warnings.join("\n  ")}`);
  const lock = JSON.parse(readFileSync(join(directory, "package-lock.json"), "utf8"));
  const foreign = Object.entries(lock.packages)
    .filter(([path]) => /(^|\/)node_modules\/@contexten\/[^/]+$/.test(path))
    .filter(([, entry]) => !String(entry.resolved).startsWith("file:"))
    .map(([path, entry]) => `${path} from ${entry.resolved}`);
  if (foreign.length > 0) {
    throw new Error(
      `@contexten packages not installed from the tarballs:\n  ${foreign.join("\n  ")}`,
    );
  }
  return result;
}
