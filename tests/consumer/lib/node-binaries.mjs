// Node.js binaries for the consumer projects, fetched from the npm registry with npx (the
// `node` package), so the floor and the newest LTS can run on any machine.
import { dirname } from "node:path";
import { runChecked } from "./run-command.mjs";

/** Resolves `node@<spec>` to `{ spec, version, directory }` (directory holds `node`). */
export async function resolveNode(spec, env) {
  const { output } = await runChecked(
    `npx -y node@${spec}`,
    "npx",
    ["-y", `node@${spec}`, "-p", "JSON.stringify([process.version, process.execPath])"],
    { env },
  );
  const [version, execPath] = JSON.parse(output.trim().split("\n").at(-1));
  return { spec, version, directory: dirname(execPath) };
}
