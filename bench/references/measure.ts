/**
 * Interleaved timing for the reference-extraction benchmark: every (text, subject) pair is
 * measured once per round, rounds repeat, and the median per pair is kept, so that load
 * from other processes or a garbage collection hits all sizes alike instead of skewing one.
 */

/** A function under measurement; returns something so the work is not optimized away. */
export type Run = (text: string) => number;

/** Milliseconds per call, one sample per round. */
export interface Samples {
  add(ms: number): void;
  median(): number;
}

/** Collects samples and answers their median. */
export function samples(): Samples {
  const values: number[] = [];
  return {
    add: (ms) => values.push(ms),
    median() {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)]!;
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Mean milliseconds per call of `run(text)` over a batch of about `batchMs` (at least one
 * call), after a full garbage collection when Node exposes it.
 */
export function timeBatch(run: Run, text: string, batchMs: number): number {
  gc?.();
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    sink += run(text);
    calls += 1;
    elapsed = performance.now() - start;
  } while (elapsed < batchMs);
  if (sink < 0) console.log(sink);
  return elapsed / calls;
}
