// Runs one command of the smoke test and keeps what it printed, so a failure can show it.
import { spawn } from "node:child_process";

/**
 * Runs `command args` in `cwd` and resolves with its exit code, combined output and
 * duration; never rejects for a non-zero exit (the caller decides what failed).
 */
export function runCommand(command, args, { cwd, env = process.env } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.once("error", reject);
    child.once("close", (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        output: Buffer.concat(chunks).toString("utf8"),
        seconds: (performance.now() - started) / 1000,
      }),
    );
  });
}

/** Like {@link runCommand}, and throws with the output when the command fails. */
export async function runChecked(label, command, args, options) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${label} failed (exit ${result.code}):\n${result.output.trimEnd()}`);
  }
  return result;
}
