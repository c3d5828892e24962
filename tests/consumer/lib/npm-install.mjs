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
  const warnings = withoutKnownNotices(
    result.output.split("\n").filter((line) => /^npm warn/i.test(line)),
  );
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

/**
 * Packages whose install script npm 11+ reports as "not yet covered by allowScripts". The
 * one listed here is known and tolerated until it is gone: `@ast-grep/lang-python`, the
 * Python grammar of `@contexten/analysis`, ships prebuilt parsers, so skipping its
 * postinstall changes nothing (its notice is documented in the analysis README). Any
 * other package with an install script still fails the install.
 */
const TOLERATED_INSTALL_SCRIPTS = new Set(["@ast-grep/lang-python"]);

function withoutKnownNotices(warnings) {
  const notice = warnings.filter((line) => /^npm warn install-scripts/i.test(line));
  const named = notice
    .map((line) => /^npm warn install-scripts\s+(@?[^@\s]+)@\S+ \(/i.exec(line)?.[1])
    .filter((name) => name !== undefined);
  const onlyTolerated =
    named.length > 0 && named.every((name) => TOLERATED_INSTALL_SCRIPTS.has(name));
  return onlyTolerated ? warnings.filter((line) => !notice.includes(line)) : warnings;
}
