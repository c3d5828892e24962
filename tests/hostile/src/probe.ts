import { fileURLToPath } from "node:url";
import { spawnTsx } from "./tsx-child";

/** How long a probe may run before its current case counts as hung. */
export const PROBE_TIMEOUT_MS = 30_000;

/**
 * Runs a probe script (under `src/probes/`) in its own process and fails with every case
 * it reported failing, or with the case it was in when it stopped answering: a hang that
 * would freeze this test process becomes a named failure instead.
 */
export async function expectProbePasses(probe: string): Promise<void> {
  const child = spawnTsx(fileURLToPath(new URL(probe, import.meta.url)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    child.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), PROBE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  await child.stop();
  const problems: string[] = [];
  let current: string | undefined;
  for (const line of child.stdout.split("\n")) {
    if (line.startsWith("start ")) current = line.slice("start ".length);
    else if (line === "ok") current = undefined;
    else if (line.startsWith("fail ")) {
      problems.push(`${current}: ${JSON.parse(line.slice("fail ".length)) as string}`);
      current = undefined;
    }
  }
  if (!child.stdout.includes("\ndone\n")) {
    problems.push(
      current
        ? `${current}: no answer within ${PROBE_TIMEOUT_MS} ms${timedOut ? " (the process was blocked and had to be killed)" : ""}`
        : `the probe stopped (exit ${child.exit?.code ?? "none"}): ${child.stderr.slice(0, 1000)}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
