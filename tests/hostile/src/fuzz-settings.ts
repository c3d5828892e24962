import type { Parameters } from "fast-check";

/**
 * The seed every property runs with: fixed, so CI is reproducible; `HOSTILE_SEED`
 * overrides it (fast-check prints the seed and path of any counterexample).
 */
export const FUZZ_SEED = readInteger("HOSTILE_SEED") ?? 20_251_203;

/** Multiplies every property's run count (`HOSTILE_RUNS_SCALE=10` for a long local hunt). */
const RUNS_SCALE = readNumber("HOSTILE_RUNS_SCALE") ?? 1;

/**
 * fast-check parameters for a property with `numRuns` random runs at the default scale,
 * after every one of `extra.examples` (fast-check counts examples as runs, so they are
 * added, never cut short). `HOSTILE_PATH` replays one counterexample (with the seed it
 * was found with).
 */
export function fuzzParameters<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const path = process.env.HOSTILE_PATH;
  return {
    seed: FUZZ_SEED,
    numRuns: Math.max(1, Math.round(numRuns * RUNS_SCALE)) + (extra.examples?.length ?? 0),
    ...(path ? { path } : {}),
    ...extra,
  };
}

function readNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  }
  return value;
}

function readInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${name} must be an integer, not ${JSON.stringify(raw)}`);
  }
  return value;
}
