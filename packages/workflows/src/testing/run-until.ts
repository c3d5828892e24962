/** A clock a test moves by hand. */
export interface AdvanceableClock {
  /** Epoch ms. */
  now(): number;
  /** Moves time forward by `ms` (firing due timers). */
  advance(ms: number): Promise<void>;
}

/** Options of {@link runUntil}. */
export interface RunUntilOptions {
  /** Fake time to move per round, ms (default 250). */
  stepMs?: number | undefined;
  /** Most fake time to move in all, ms (default 10 minutes). */
  maxFakeMs?: number | undefined;
  /** Most real time to spend, ms (default 20 s): a bound against hangs, not a timing assertion. */
  maxRealMs?: number | undefined;
  /** What is awaited, for the error message. */
  description?: string | undefined;
}

/**
 * Waits until `condition` holds, letting work settle and moving fake time by `stepMs` each
 * round. Throws, with `description`, when neither bound is enough.
 */
export async function runUntil(
  clock: AdvanceableClock,
  settle: () => Promise<void>,
  condition: () => boolean | Promise<boolean>,
  options: RunUntilOptions = {},
): Promise<void> {
  const stepMs = options.stepMs ?? 250;
  const maxFakeMs = options.maxFakeMs ?? 10 * 60_000;
  const maxRealMs = options.maxRealMs ?? 20_000;
  const startedAt = performance.now();
  let moved = 0;
  for (;;) {
    await settle();
    if (await condition()) return;
    if (moved >= maxFakeMs || performance.now() - startedAt > maxRealMs) {
      throw new Error(
        `runUntil: ${options.description ?? "the condition"} did not hold after ${moved} ms of fake time.`,
      );
    }
    await clock.advance(stepMs);
    moved += stepMs;
  }
}
