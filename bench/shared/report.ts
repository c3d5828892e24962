/**
 * Shared output for the benchmarks: every benchmark prints its measurements as a table
 * and a ratio against a named peer measured in the same run.
 */

/** One measured row. */
export interface BenchmarkRow {
  /** What was measured, e.g. `contexten acquire()`. */
  name: string;
  /** Operations per second. */
  opsPerSecond: number;
  /** Mean time per operation, nanoseconds. */
  meanNs: number;
  /** Extra columns. */
  extra?: Record<string, string>;
}

/** Formats a number with thousands separators and fixed decimals. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** Prints rows as an aligned table with a title. */
export function printTable(title: string, rows: readonly BenchmarkRow[]): void {
  console.log(`\n${title}`);
  const extraNames = [...new Set(rows.flatMap((row) => Object.keys(row.extra ?? {})))];
  const header = ["name", "ops/s", "mean", ...extraNames];
  const body = rows.map((row) => [
    row.name,
    formatNumber(row.opsPerSecond),
    formatDuration(row.meanNs),
    ...extraNames.map((name) => row.extra?.[name] ?? ""),
  ]);
  const widths = header.map((cell, index) =>
    Math.max(cell.length, ...body.map((line) => line[index]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const cells of body) console.log(line(cells));
}

/** Prints `subject is N× faster/slower than peer` from two rows' ops/s. */
export function printRatio(subject: BenchmarkRow, peer: BenchmarkRow): number {
  const ratio = subject.opsPerSecond / peer.opsPerSecond;
  const verdict =
    ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`;
  console.log(
    `ratio: ${subject.name} is ${verdict} ${peer.name} (ops/s ${formatNumber(subject.opsPerSecond)} vs ${formatNumber(peer.opsPerSecond)})`,
  );
  return ratio;
}

/** Human-readable duration from nanoseconds. */
export function formatDuration(ns: number): string {
  if (ns < 1_000) return `${ns.toFixed(0)} ns`;
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(2)} µs`;
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(2)} ms`;
  return `${(ns / 1_000_000_000).toFixed(2)} s`;
}
