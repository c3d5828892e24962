import { MemoryRateLimitBackend, type RateLimitBackend } from "@contexten/core";
import type { AcquireAttempt, ChargeReceipt, RateLimitBucket } from "@contexten/core/adapter";
import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, expect, it } from "vitest";
import { RedisRateLimitBackend } from "../src/rate-limit/redis-rate-limit-backend";
import { deleteKeys, openClient, uniquePrefix } from "./support/redis";

const client: Redis = openClient();
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
  client.disconnect();
});

const BUCKETS: RateLimitBucket[] = [
  { key: "w", limit: 100, windowMs: 60_000, refill: "window", burst: 10 },
  { key: "s", limit: 7, windowMs: 10_000, refill: "window", burst: 1 },
  { key: "c", limit: 30, windowMs: 60_000, refill: "continuous", burst: 5 },
];

type Operation =
  | { kind: "acquire"; buckets: number[]; cost: number; dryRun: boolean; advance: number }
  | { kind: "refund"; receipt: number; cost: number; advance: number }
  | {
      kind: "observe";
      bucket: number;
      limit?: number;
      remaining?: number;
      resetIn?: number;
      blockFor?: number;
      advance: number;
    }
  | { kind: "inspect"; bucket: number; advance: number };

const advance = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 2_000 }),
  fc.integer({ min: 0, max: 70_000 }),
);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant("acquire" as const),
    buckets: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
    cost: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 12 })),
    dryRun: fc.boolean(),
    advance,
  }),
  fc.record({
    kind: fc.constant("refund" as const),
    receipt: fc.nat(),
    cost: fc.integer({ min: -3, max: 5 }),
    advance,
  }),
  fc.record(
    {
      kind: fc.constant("observe" as const),
      bucket: fc.integer({ min: 0, max: 2 }),
      limit: fc.integer({ min: 0, max: 120 }),
      remaining: fc.integer({ min: 0, max: 120 }),
      // Near a window's own end too, where "same window" (within a second) is decided.
      resetIn: fc.oneof(
        fc.integer({ min: -1_000, max: 90_000 }),
        fc.integer({ min: 58_500, max: 61_500 }),
        fc.integer({ min: 8_500, max: 11_500 }),
      ),
      blockFor: fc.integer({ min: 0, max: 5_000 }),
      advance,
    },
    { requiredKeys: ["kind", "bucket", "advance"] },
  ),
  fc.record({
    kind: fc.constant("inspect" as const),
    bucket: fc.integer({ min: 0, max: 2 }),
    advance,
  }),
);

/** Window ids differ between backends by design; compare everything else. */
function comparable(attempt: AcquireAttempt) {
  if (!attempt.granted) return attempt;
  return {
    granted: true,
    receipts: attempt.receipts.map(({ bucket, cost }) => ({ key: bucket.key, cost })),
  };
}

async function apply(
  backend: RateLimitBackend,
  operations: Operation[],
  receipts: ChargeReceipt[][],
) {
  const answers: unknown[] = [];
  let now = Date.UTC(2030, 0, 1);
  for (const op of operations) {
    now += op.advance;
    if (op.kind === "acquire") {
      const charges = op.buckets.map((index) => ({ bucket: BUCKETS[index]!, cost: op.cost }));
      const attempt = await backend.tryAcquire(charges, now, { dryRun: op.dryRun });
      if (attempt.granted) receipts.push([...attempt.receipts]);
      answers.push(comparable(attempt));
    } else if (op.kind === "refund") {
      const chosen = receipts[op.receipt % Math.max(1, receipts.length)];
      if (chosen)
        await backend.refund(
          chosen.map((receipt) => ({ ...receipt, cost: op.cost })),
          now,
        );
      answers.push("refunded");
    } else if (op.kind === "observe") {
      await backend.observe(
        BUCKETS[op.bucket]!,
        {
          ...(op.limit === undefined ? {} : { limit: op.limit }),
          ...(op.remaining === undefined ? {} : { remaining: op.remaining }),
          ...(op.resetIn === undefined ? {} : { resetAt: now + op.resetIn }),
          ...(op.blockFor === undefined ? {} : { blockedUntil: now + op.blockFor }),
        },
        now,
      );
      answers.push("observed");
    } else {
      answers.push(await backend.inspect(BUCKETS[op.bucket]!, now));
    }
  }
  for (const bucket of BUCKETS) answers.push(await backend.inspect(bucket, now));
  return answers;
}

it("answers exactly as the memory backend on random sequences of operations", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 40 }), async (operations) => {
      const prefix = uniquePrefix("diff");
      prefixes.push(prefix);
      const redis = new RedisRateLimitBackend({ client, keyPrefix: prefix });
      const expected = await apply(new MemoryRateLimitBackend(), operations, []);
      const actual = await apply(redis, operations, []);
      expect(actual).toEqual(expected);
    }),
    { numRuns: 150, seed: 20301 },
  );
}, 120_000);
