import type {
  BucketObservation,
  BucketSnapshot,
  ChargeReceipt,
  RateLimitBucket,
} from "./rate-limit-backend";

/**
 * The state of one bucket and the arithmetic on it, kept free of storage so that any
 * backend (memory here, a Redis script later) applies exactly the same rules.
 *
 * `window` buckets count units per window and pace them along a line: at time `t` the
 * allowance is `anchorUsed + burst + (t - anchorAt) × (limit - anchorUsed) / (windowEndsAt -
 * anchorAt)`, capped by `limit`. Idle time accrues allowance, so light traffic never waits,
 * and heavy traffic is spread so the budget lasts until the reset and is fully used by then.
 * `continuous` buckets are token buckets with capacity `burst` refilled at `limit / windowMs`.
 */
export interface BucketState {
  /** Limit in force; a platform report may lower it below the bucket's own. */
  limit: number;
  /** Units used in the current window (`window`). */
  used: number;
  /** Current window's end, epoch ms; undefined before the first use (`window`). */
  windowEndsAt: number | undefined;
  /** Changes on every new window, so stale refunds can be recognised. */
  windowId: number;
  /** Where the pacing line starts (`window`). */
  anchorAt: number;
  /** Units used when the pacing line starts (`window`). */
  anchorUsed: number;
  /** Tokens available; may be negative after an oversized charge (`continuous`). */
  tokens: number;
  /** When `tokens` was last refilled (`continuous`). */
  refilledAt: number;
  /** Platform-imposed pause end, epoch ms; 0 when none. */
  blockedUntil: number;
}

/** Floating-point slack when comparing budgets. */
const EPSILON = 1e-9;
/** Two reset times closer than this describe the same platform window. */
const SAME_WINDOW_TOLERANCE_MS = 1_000;
/** Window ids are unique in the process, so a dropped and recreated state cannot match old receipts. */
let nextWindowId = 1;

/** A fresh state: full budget, nothing blocked. */
export function createBucketState(bucket: RateLimitBucket, now: number): BucketState {
  return {
    limit: bucket.limit,
    used: 0,
    windowEndsAt: undefined,
    windowId: 0,
    anchorAt: now,
    anchorUsed: 0,
    tokens: bucket.burst,
    refilledAt: now,
    blockedUntil: 0,
  };
}

/** Brings a state up to `now`: refills tokens, closes an elapsed window. */
export function advanceBucket(state: BucketState, bucket: RateLimitBucket, now: number): void {
  if (bucket.refill === "continuous") {
    const elapsed = Math.max(0, now - state.refilledAt);
    state.tokens = Math.min(bucket.burst, state.tokens + (elapsed * state.limit) / bucket.windowMs);
    state.refilledAt = now;
  } else if (state.windowEndsAt !== undefined && now >= state.windowEndsAt) {
    state.windowEndsAt = undefined;
    state.used = 0;
  }
  if (state.blockedUntil <= now) state.blockedUntil = 0;
}

function openWindow(state: BucketState, bucket: RateLimitBucket, now: number): void {
  if (state.windowEndsAt !== undefined) return;
  state.windowEndsAt = now + bucket.windowMs;
  state.windowId = nextWindowId++;
  state.used = 0;
  state.anchorAt = now;
  state.anchorUsed = 0;
}

/** Units the pacing line allows to have been used by `now` (`window` buckets). */
function allowance(state: BucketState, bucket: RateLimitBucket, now: number): number {
  const span = (state.windowEndsAt ?? now) - state.anchorAt;
  if (span <= 0) return state.limit;
  const paced =
    state.anchorUsed +
    bucket.burst +
    ((now - state.anchorAt) * (state.limit - state.anchorUsed)) / span;
  return Math.min(state.limit, paced);
}

/**
 * Milliseconds until `cost` units can be taken (0: now). Call {@link advanceBucket} first.
 * A charge larger than the bucket can ever hold is let through once the bucket is full,
 * leaving a debt, rather than waiting forever.
 */
export function bucketWaitMs(
  state: BucketState,
  bucket: RateLimitBucket,
  cost: number,
  now: number,
): number {
  const blocked = Math.max(0, state.blockedUntil - now);
  if (cost <= 0) return blocked;
  let wait: number;
  if (state.limit <= 0) {
    // The platform reported no budget at all for us: look again after a window.
    wait = state.windowEndsAt === undefined ? bucket.windowMs : state.windowEndsAt - now;
  } else if (bucket.refill === "continuous") {
    const needed = Math.min(cost, bucket.burst);
    wait =
      state.tokens + EPSILON >= needed
        ? 0
        : ((needed - state.tokens) * bucket.windowMs) / state.limit;
  } else {
    openWindow(state, bucket, now);
    const windowEndsAt = state.windowEndsAt!;
    if (state.used + cost > state.limit + EPSILON) {
      wait = state.used === 0 ? 0 : windowEndsAt - now;
    } else if (state.used + cost <= allowance(state, bucket, now) + EPSILON) {
      wait = 0;
    } else {
      const needed = state.used + cost - state.anchorUsed - bucket.burst;
      const at =
        state.anchorAt +
        (needed * (windowEndsAt - state.anchorAt)) / (state.limit - state.anchorUsed);
      wait = Math.min(at, windowEndsAt) - now;
    }
  }
  return Math.max(blocked, wait <= EPSILON ? 0 : Math.ceil(wait - EPSILON));
}

/** Takes `cost` units (the caller checked {@link bucketWaitMs} is 0). */
export function takeFromBucket(
  state: BucketState,
  bucket: RateLimitBucket,
  cost: number,
  now: number,
): ChargeReceipt {
  if (bucket.refill === "continuous") {
    state.tokens -= cost;
    return { bucket, cost };
  }
  openWindow(state, bucket, now);
  state.used += cost;
  return { bucket, cost, windowId: state.windowId };
}

/** Gives back (or, negative, takes more of) the units of a receipt. */
export function refundToBucket(
  state: BucketState,
  bucket: RateLimitBucket,
  receipt: ChargeReceipt,
): void {
  if (bucket.refill === "continuous") {
    state.tokens = Math.min(bucket.burst, state.tokens + receipt.cost);
    return;
  }
  if (receipt.windowId !== state.windowId || state.windowEndsAt === undefined) return;
  state.used = Math.max(0, state.used - receipt.cost);
}

/** Applies what the platform reported. Never raises the budget above what we counted. */
export function observeBucket(
  state: BucketState,
  bucket: RateLimitBucket,
  observation: BucketObservation,
  now: number,
): void {
  advanceBucket(state, bucket, now);
  if (observation.blockedUntil !== undefined && observation.blockedUntil > now) {
    state.blockedUntil = Math.max(state.blockedUntil, observation.blockedUntil);
  }
  let replan = false;
  if (observation.limit !== undefined && observation.limit !== state.limit) {
    state.limit = Math.max(0, observation.limit);
    replan = true;
  }
  if (bucket.refill === "continuous") {
    if (observation.remaining !== undefined) {
      state.tokens = Math.min(state.tokens, observation.remaining);
    }
    return;
  }
  const { remaining, resetAt } = observation;
  if (resetAt !== undefined && resetAt <= now) return; // a report about a window already over
  const platformUsed = remaining === undefined ? undefined : Math.max(0, state.limit - remaining);
  if (resetAt === undefined && platformUsed !== undefined) openWindow(state, bucket, now);
  if (resetAt !== undefined) {
    const sameWindow =
      state.windowEndsAt !== undefined &&
      Math.abs(resetAt - state.windowEndsAt) <= SAME_WINDOW_TOLERANCE_MS;
    if (!sameWindow) {
      state.windowEndsAt = resetAt;
      state.windowId = nextWindowId++;
      state.used = platformUsed ?? 0;
      replan = true;
    } else {
      state.windowEndsAt = resetAt;
    }
  }
  if (platformUsed !== undefined && platformUsed > state.used) {
    state.used = platformUsed;
    replan = true;
  }
  if (replan && state.windowEndsAt !== undefined) {
    state.anchorAt = now;
    state.anchorUsed = state.used;
  }
}

/** Reads a state as a {@link BucketSnapshot}. Call {@link advanceBucket} first. */
export function snapshotBucket(
  state: BucketState,
  bucket: RateLimitBucket,
  now: number,
): BucketSnapshot {
  const blockedUntil = state.blockedUntil > now ? state.blockedUntil : undefined;
  if (bucket.refill === "continuous") {
    const missing = bucket.burst - state.tokens;
    return {
      key: bucket.key,
      limit: state.limit,
      remaining: Math.max(0, Math.floor(state.tokens + EPSILON)),
      resetAt: missing > 0 ? now + Math.ceil((missing * bucket.windowMs) / state.limit) : undefined,
      blockedUntil,
    };
  }
  return {
    key: bucket.key,
    limit: state.limit,
    remaining: Math.max(0, Math.floor(state.limit - state.used + EPSILON)),
    resetAt: state.windowEndsAt,
    blockedUntil,
  };
}

/** True when a state is indistinguishable from a fresh one, so it can be dropped. */
export function isPristine(state: BucketState, bucket: RateLimitBucket): boolean {
  if (state.blockedUntil !== 0 || state.limit !== bucket.limit) return false;
  return bucket.refill === "continuous"
    ? state.tokens >= bucket.burst
    : state.windowEndsAt === undefined;
}
