import { matchesTypeGlob } from "@contexten/core/adapter";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typeGlobToRegex } from "../src/store/type-glob-sql";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();

const segment = fc.constantFrom("github", "pull_request", "opened", "check-run", "a", "x_1");
const type = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join("."));
const glob = fc
  .array(fc.oneof(segment, fc.constant("*"), fc.constant("**")), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join("."));

describe.each(backends)("type globs in SQL on $name", (backend) => {
  it("match exactly what core's matchesTypeGlob matches", async () => {
    const { raw } = await backend.create();
    const cases = fc.sample(fc.tuple(glob, type), { numRuns: 400, seed: 42 });
    // Hand-picked edge cases: ** matching zero segments at either end or in the middle.
    cases.push(
      ["github.**", "github"],
      ["**.opened", "opened"],
      ["github.**.opened", "github.opened"],
      ["**", "a.b.c"],
      ["*", "a.b"],
      ["a.*.*", "a.b"],
    );
    const rows = await raw<{ matched: boolean }>(
      `SELECT ('.' || t) ~ r AS matched
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(r, t, n) ORDER BY n`,
      [cases.map(([pattern]) => typeGlobToRegex(pattern)), cases.map(([, value]) => value)],
    );
    const mismatches = cases.filter(
      ([pattern, value], index) => rows[index]!.matched !== matchesTypeGlob(pattern, value),
    );
    expect(mismatches).toEqual([]);
    // Both outcomes occur, so the comparison means something.
    expect(new Set(rows.map((row) => row.matched))).toEqual(new Set([true, false]));
  });
});
