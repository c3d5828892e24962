import { CorrelationKeys } from "@contexten/core";
import {
  boundCorrelationKey,
  extractBranchReferences,
  extractReferences,
  MAX_CORRELATION_KEY_BYTES,
} from "@contexten/core/adapter";
import { describe, expect, it } from "vitest";
import { makeEvent } from "./support/events";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();

/** Incompressible non-ASCII text (a fixed pseudo-random walk over CJK ideographs). */
function ideographs(length: number, seed: number): string {
  let state = seed;
  let text = "";
  for (let index = 0; index < length; index += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    text += String.fromCharCode(0x4e00 + (state % 20_000));
  }
  return text;
}

describe.each(backends)("keys built from hostile input on $name", (backend) => {
  const branch = ideographs(1_000, 7); // about 3,000 UTF-8 bytes, past the btree row limit

  it("bounds a key too long for the index even when it is built by hand", async () => {
    const { store } = await backend.create();
    const unbounded = `github:branch:acme/api:${branch}`;
    expect(Buffer.byteLength(unbounded)).toBeGreaterThan(2_704);
    await store.append(makeEvent(1, { keys: [unbounded] }));
    const stored = await store.get(makeEvent(1).id);
    expect(stored?.keys).toEqual([boundCorrelationKey(unbounded)]);
    expect(stored?.notes?.[0]).toMatch(/^keys\[0\]: [\d,]+-byte key shortened/);
    expect(await store.findByKeys([boundCorrelationKey(unbounded)])).toHaveLength(1);
  });

  it("appends and finds events whose keys come from a 1,000-character branch and long URLs", async () => {
    const { store } = await backend.create();
    const branchKey = CorrelationKeys.githubBranch("acme/api", `refs/heads/${branch}`);
    const body = `Fixes ENG-5. Spec: https://example.com/${"é".repeat(520)} and https://x.test/${ideographs(900, 3)}`;
    const refs = [
      ...extractReferences(body, { field: "body" }),
      ...extractBranchReferences(branch, "acme/api", { field: "head.ref" }),
    ];
    for (const key of [branchKey, ...refs.map((ref) => ref.key)]) {
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
    }
    await store.append(makeEvent(1, { keys: [branchKey], refs }));
    // The push names the branch its own way; both meet on the same bounded key.
    await store.append(
      makeEvent(2, { keys: [CorrelationKeys.githubBranch("Acme/API", branch)], refs: [] }),
    );
    const found = await store.findByKeys([branchKey]);
    expect(found.map((event) => event.id).sort()).toEqual(["evt-000001", "evt-000002"]);
    const [stored] = await store.findByKeys([refs[1]!.key]);
    expect(stored?.refs.map((ref) => ref.key)).toEqual(refs.map((ref) => ref.key));
  });
});
