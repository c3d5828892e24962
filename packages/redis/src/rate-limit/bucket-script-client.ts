import type {
  AcquireAttempt,
  BucketCharge,
  BucketObservation,
  BucketState,
  ChargeReceipt,
  RateLimitBucket,
} from "@contexten/core/adapter";
import type { Cluster, Redis } from "ioredis";
import { BUCKET_SCRIPT } from "./bucket-script-source";

/** The ioredis client kinds the package accepts. */
export type RedisClient = Redis | Cluster;

/** Name the bucket script is registered under with `defineCommand`. */
const COMMAND = "contextenBucketOperation";

type BucketCommand = (keys: number, ...args: string[]) => Promise<string[]>;

/** One bucket of an operation and its operation-specific values. */
export interface BucketInput {
  bucket: RateLimitBucket;
  values?: readonly (string | number | undefined)[] | undefined;
}

/** The decoded reply of the bucket script. */
export interface BucketReply {
  status: string;
  values: [string, string, string];
  /** Each bucket's state after the operation. */
  states: BucketState[];
  /** Each bucket's window id as taken by an `acquire`, if any. */
  windowIds: (number | undefined)[];
}

function text(value: string | number | undefined): string {
  if (value === undefined) return "";
  // `%.17g`-like: shortest text that reads back as the same double.
  return typeof value === "number" ? String(value) : value;
}

function number(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "inf") return Number.POSITIVE_INFINITY;
  if (value === "-inf") return Number.NEGATIVE_INFINITY;
  return Number(value);
}

/** Reads a state string of the script (`limit,used,we,wid,aa,au,tk,ra,bu`). */
export function parseBucketState(line: string): BucketState {
  const [limit, used, windowEndsAt, windowId, anchorAt, anchorUsed, tokens, refilledAt, blocked] =
    line.split(",").map(number);
  return {
    limit: limit ?? 0,
    used: used ?? 0,
    windowEndsAt,
    windowId: windowId ?? 0,
    anchorAt: anchorAt ?? 0,
    anchorUsed: anchorUsed ?? 0,
    tokens: tokens ?? 0,
    refilledAt: refilledAt ?? 0,
    blockedUntil: blocked ?? 0,
  };
}

/** The nine values a `restore` takes for a bucket. */
export function stateValues(state: BucketState): (number | undefined)[] {
  return [
    state.limit,
    state.used,
    state.windowEndsAt,
    state.windowId,
    state.anchorAt,
    state.anchorUsed,
    state.tokens,
    state.refilledAt,
    state.blockedUntil,
  ];
}

/**
 * Runs the bucket script on Redis. Registered once per client with ioredis's
 * `defineCommand`, which sends the script with `EVAL` the first time on each connection
 * and `EVALSHA` after, so a restarted Redis (whose script cache is empty) needs nothing
 * special.
 */
export class BucketScriptClient {
  readonly #command: BucketCommand;

  constructor(
    readonly client: RedisClient,
    /** Prefix of every key, hash tag included (`contexten:{rate-limit}:`). */
    readonly keyPrefix: string,
  ) {
    const commands = client as unknown as Record<string, BucketCommand | undefined>;
    if (typeof commands[COMMAND] !== "function") {
      client.defineCommand(COMMAND, { lua: BUCKET_SCRIPT });
    }
    this.#command = (commands[COMMAND] as BucketCommand).bind(client);
  }

  /** Runs `operation` on `inputs` at `now`. */
  async run(
    operation: "acquire" | "refund" | "debit" | "observe" | "inspect" | "restore",
    now: number,
    inputs: readonly BucketInput[],
    trailing?: string,
  ): Promise<BucketReply> {
    const keys = [
      `${this.keyPrefix}window-seq`,
      ...inputs.map(({ bucket }) => this.keyPrefix + bucket.key),
    ];
    const args = [operation, text(now), text(inputs.length)];
    for (const { bucket, values = [] } of inputs) {
      args.push(
        text(bucket.limit),
        text(bucket.windowMs),
        bucket.refill === "continuous" ? "1" : "0",
        text(bucket.burst),
      );
      for (let index = 0; index < 9; index += 1) args.push(text(values[index]));
    }
    if (trailing !== undefined) args.push(trailing);
    const reply = await this.#command(keys.length, ...keys, ...args);
    const count = inputs.length;
    return {
      status: reply[0]!,
      values: [reply[1]!, reply[2]!, reply[3]!],
      states: reply.slice(4, 4 + count).map(parseBucketState),
      windowIds: reply.slice(4 + count, 4 + 2 * count).map(number),
    };
  }

  /** `tryAcquire` on Redis. */
  async acquire(
    charges: readonly BucketCharge[],
    now: number,
    dryRun: boolean,
  ): Promise<{ attempt: AcquireAttempt; states: BucketState[] }> {
    const reply = await this.run(
      "acquire",
      now,
      charges.map(({ bucket, cost }) => ({ bucket, values: [cost] })),
      dryRun ? "dry" : "take",
    );
    if (reply.status === "0") {
      const [wait, limitedBy, binding] = reply.values;
      return {
        states: reply.states,
        attempt: {
          granted: false,
          retryInMs: Number(wait),
          limitedBy: limitedBy === "retry-after" ? "retry-after" : "budget",
          bucket: charges[Number(binding) - 1]!.bucket.key,
        },
      };
    }
    const receipts: ChargeReceipt[] = dryRun
      ? []
      : charges.map(({ bucket, cost }, index) => {
          const windowId = reply.windowIds[index];
          return windowId === undefined ? { bucket, cost } : { bucket, cost, windowId };
        });
    return { attempt: { granted: true, receipts }, states: reply.states };
  }

  /** `observe` on Redis. */
  observe(
    bucket: RateLimitBucket,
    observation: BucketObservation,
    now: number,
  ): Promise<BucketReply> {
    const { limit, remaining, resetAt, blockedUntil } = observation;
    return this.run("observe", now, [
      { bucket, values: [limit, remaining, resetAt, blockedUntil] },
    ]);
  }
}
