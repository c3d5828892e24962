/** Latency percentiles over a list of durations in milliseconds. */
export function percentiles(durations: readonly number[]): {
  p50: number;
  p99: number;
  max: number;
  mean: number;
} {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, mean };
}

/** Runs `task` `count` times sequentially and returns each duration in milliseconds. */
export async function timeEach(count: number, task: (iteration: number) => Promise<unknown>) {
  const durations: number[] = [];
  for (let iteration = 0; iteration < count; iteration += 1) {
    const start = performance.now();
    await task(iteration);
    durations.push(performance.now() - start);
  }
  return durations;
}

/** Deterministic pseudo-random integers in `[0, max)` (so runs are comparable). */
export function seededRandom(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}
