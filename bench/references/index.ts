/**
 * Reference extraction cost per KiB over adversarial and realistic texts from 1 KiB to
 * 1 MiB, read whole (the per-field scan limit raised to 1 MiB, so the algorithm itself is
 * measured), against two peers on the same texts in the same run: linkify-it's URL
 * scanning, and the floor `String.prototype.match(/\S+/g)` (one linear pass that allocates
 * every token). Prints each growth ratio (time at 1 MiB / time at 64 KiB ÷ 16), about 1
 * for linear work and about 16 for quadratic work, then what one field costs with the
 * default limits, which is what a webhook delivery pays.
 */

import { extractReferences, MAX_REFERENCE_SCAN_LENGTH } from "@contexten/core/adapter";
import { LinkifyIt } from "linkify-it";
import { formatNumber } from "../shared/report";
import { type Run, samples, timeBatch } from "./measure";
import { FAMILIES, SIZES_KIB } from "./texts";

const KIB = 1024;
const MIB = 1024 * KIB;
const ROUNDS = Number(process.env.BENCH_REFERENCES_ROUNDS ?? 5);
const BATCH_MS = 40;
/** A peer whose 256 KiB run projects past this at 1 MiB (quadratic) is not run there. */
const SKIP_PEER_AFTER_MS = 5_000;

const linkify = new LinkifyIt();
const WORDS = /\S+/g;
const readAll = { maxScanLength: MIB, maxReferences: MIB, defaultRepository: "acme/api" };
const SUBJECTS: readonly [string, Run][] = [
  ["contexten", (text) => extractReferences(text, readAll).length],
  ["linkify-it", (text) => linkify.match(text)?.length ?? 0],
  ["match(/\\S+/g)", (text) => text.match(WORDS)?.length ?? 0],
];
const at64 = SIZES_KIB.indexOf(64);
const at1024 = SIZES_KIB.indexOf(1024);

const perKib = (ms: number | undefined, kib: number) =>
  ms === undefined ? "skipped" : `${formatNumber((ms * 1000) / kib, 1)} µs`;
const growthOf = (times: (number | undefined)[]) => {
  const small = times[at64];
  const large = times[at1024];
  return small === undefined || large === undefined ? undefined : large / small / 16;
};

console.log(`Rounds: ${ROUNDS}; sizes interleaved within each round; medians shown.`);
const summary: { family: string; growth: (number | undefined)[]; per64: number[] }[] = [];
for (const family of FAMILIES) {
  const texts = SIZES_KIB.map((kib) => family.build(kib * KIB));
  const results = SUBJECTS.map(() => texts.map(() => samples()));
  const skipped = SUBJECTS.map(() => false);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [size, text] of texts.entries()) {
      for (const [subject, [, run]] of SUBJECTS.entries()) {
        if (size === at1024 && skipped[subject]) continue;
        const ms = timeBatch(run, text, BATCH_MS);
        results[subject]![size]!.add(ms);
        // A peer is projected quadratically from 256 KiB to 1 MiB; contexten always runs.
        if (subject > 0 && size === at1024 - 1 && ms * 16 > SKIP_PEER_AFTER_MS) {
          skipped[subject] = true;
        }
      }
    }
  }
  const times = results.map((bySize, subject) =>
    bySize.map((sample, size) =>
      size === at1024 && skipped[subject] ? undefined : sample.median(),
    ),
  );
  console.log(`\n${family.name}: time per KiB`);
  for (const [size, kib] of SIZES_KIB.entries()) {
    const cells = SUBJECTS.map(
      ([name], subject) => `${name} ${perKib(times[subject]![size], kib).padStart(11)}`,
    );
    console.log(`  ${String(kib).padStart(5)} KiB   ${cells.join("   ")}`);
  }
  const growth = times.map(growthOf);
  console.log(
    `  growth (1 MiB / 64 KiB ÷ 16): ${SUBJECTS.map(([name], subject) => `${name} ${growth[subject]?.toFixed(2) ?? "n/a"}`).join("   ")}`,
  );
  summary.push({ family: family.name, growth, per64: times.map((entry) => entry[at64]!) });
}

console.log("\nSummary at 64 KiB (µs per KiB) and growth to 1 MiB");
console.log(
  `  ${"family".padEnd(24)} ${SUBJECTS.map(([name]) => name.padStart(14)).join(" ")}   growth contexten / floor`,
);
for (const row of summary) {
  const cells = row.per64.map((ms) => formatNumber((ms * 1000) / 64, 1).padStart(14));
  const growth = `${row.growth[0]?.toFixed(2) ?? "n/a"} / ${row.growth[2]?.toFixed(2) ?? "n/a"}`;
  console.log(`  ${row.family.padEnd(24)} ${cells.join(" ")}   ${growth}`);
}
const worst = summary.reduce((a, b) => ((b.growth[0] ?? 0) > (a.growth[0] ?? 0) ? b : a));
console.log(
  `ratio: largest contexten growth ${worst.growth[0]?.toFixed(2)} (${worst.family}); linear ≈ 1, quadratic ≈ 16`,
);

console.log(
  `\nOne 1 MiB field with the default limits (${MAX_REFERENCE_SCAN_LENGTH} characters read):`,
);
for (const family of FAMILIES) {
  const text = family.build(MIB);
  const time = samples();
  const run: Run = (value) => extractReferences(value, { defaultRepository: "acme/api" }).length;
  for (let round = 0; round < ROUNDS; round += 1) time.add(timeBatch(run, text, BATCH_MS));
  console.log(`  ${family.name.padEnd(24)} ${formatNumber(time.median(), 2)} ms`);
}
