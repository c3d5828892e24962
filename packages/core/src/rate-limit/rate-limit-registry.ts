import {
  type RateLimitBudget,
  type RateLimitConfig,
  type RateLimitConfigInput,
  rateLimitConfigSchema,
} from "../config/rate-limit-config";
import { ConfigurationError } from "../errors/configuration-error";
import { parseWithSchema } from "../errors/parse-with-schema";
import type { BucketCharge, BucketObservation, RateLimitBucket } from "./rate-limit-backend";
import {
  createBudgetProfile,
  defaultBurst,
  type OperationKind,
  type RateLimitProfile,
  type RateLimitReport,
} from "./rate-limit-profile";

/** Bucket definitions are cached up to this many; dynamic buckets (channels) make the set open. */
const MAX_CACHED_BUCKETS = 10_000;

/**
 * Resolves platforms, resources and bucket names to concrete buckets, applying the
 * config's overrides (`budgets.<platform>.<bucket>`, or `<prefix>:*` for dynamic buckets
 * such as `channel:*`) and scaling platform reports by `utilization`.
 */
export class RateLimitRegistry {
  readonly config: RateLimitConfig;
  readonly #profiles = new Map<string, RateLimitProfile>();
  /** Platforms whose profile was made from the config's budgets alone. */
  readonly #budgetOnly = new Set<string>();
  readonly #buckets = new Map<string, RateLimitBucket>();

  constructor(profiles: readonly RateLimitProfile[] = [], config: RateLimitConfigInput = {}) {
    this.config = parseWithSchema(rateLimitConfigSchema, config, "rate-limit config");
    for (const profile of profiles) this.#profiles.set(profile.platform, profile);
    for (const [platform, budgets] of Object.entries(this.config.budgets)) {
      if (!this.#profiles.has(platform)) {
        this.#profiles.set(platform, createBudgetProfile(platform, budgets));
        this.#budgetOnly.add(platform);
      }
    }
  }

  /**
   * Adds a platform's profile unless one was given for it already: a profile passed to
   * the constructor (or registered earlier) wins, one made from the config's budgets alone
   * gives way. Returns whether the platform's profile changed.
   */
  register(profile: RateLimitProfile): boolean {
    const { platform } = profile;
    if (this.#profiles.has(platform) && !this.#budgetOnly.has(platform)) return false;
    this.#profiles.set(platform, profile);
    this.#budgetOnly.delete(platform);
    for (const key of this.#buckets.keys()) {
      if (key.startsWith(`${platform}:`)) this.#buckets.delete(key);
    }
    return true;
  }

  /** The profile of a platform; throws {@link ConfigurationError} when there is none. */
  profile(platform: string): RateLimitProfile {
    const profile = this.#profiles.get(platform);
    if (profile) return profile;
    throw new ConfigurationError({
      platform,
      message:
        `No rate-limit rules for platform "${platform}". Pass a profile for it ` +
        `(profiles: [...], or hand the limiter to the platform's client, which registers its own) ` +
        `or budgets in the config (budgets: { ${platform}: { "*": { limit, windowSeconds } } }). ` +
        `Known platforms: ${[...this.#profiles.keys()].join(", ") || "none"}.`,
    });
  }

  /** Most requests in flight for a platform, if capped. */
  maxConcurrent(platform: string): number | undefined {
    const configured = Object.values(this.config.budgets[platform] ?? {})
      .map((budget) => budget.maxConcurrent)
      .filter((value): value is number => value !== undefined);
    const fromProfile = this.profile(platform).maxConcurrent;
    const all = fromProfile === undefined ? configured : [...configured, fromProfile];
    return all.length === 0 ? undefined : Math.min(...all);
  }

  /** A platform bucket by name. */
  bucket(platform: string, name: string): RateLimitBucket {
    const key = `${platform}:${name}`;
    const cached = this.#buckets.get(key);
    if (cached) return cached;
    const overrides = this.config.budgets[platform];
    const prefix = name.includes(":") ? `${name.slice(0, name.indexOf(":"))}:*` : undefined;
    const budget: RateLimitBudget | undefined =
      overrides?.[name] ??
      (prefix ? overrides?.[prefix] : undefined) ??
      this.profile(platform).budget(name);
    if (!budget) {
      throw new ConfigurationError({
        platform,
        message: `No rate-limit budget for ${platform} bucket "${name}"; add budgets.${platform}["${name}"] to the rate-limit config.`,
      });
    }
    const bucket: RateLimitBucket = {
      key,
      limit: budget.limit,
      windowMs: budget.windowSeconds * 1000,
      refill: budget.refill,
      burst: budget.burst ?? defaultBurst(budget),
    };
    if (this.#buckets.size >= MAX_CACHED_BUCKETS) this.#buckets.clear();
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /** What a request for `resource` takes, bucket by bucket (primary bucket first). */
  charges(platform: string, resource: string, cost: number, kind: OperationKind): BucketCharge[] {
    if (!Number.isFinite(cost) || cost < 0) {
      throw new ConfigurationError({
        platform,
        message: `Rate-limit cost must be a finite number ≥ 0, got ${cost} for ${platform} ${resource}.`,
      });
    }
    return this.profile(platform)
      .charges(resource, { cost, kind })
      .map((charge) => ({ bucket: this.bucket(platform, charge.bucket), cost: charge.cost }));
  }

  /**
   * Scales a platform report to our share: with the platform's limit `L`, we use
   * `min(our limit, L × utilization)` and leave the rest of what it reports untouched.
   */
  scale(bucket: RateLimitBucket, report: RateLimitReport): BucketObservation {
    const observation: BucketObservation = {};
    if (report.resetAt !== undefined) observation.resetAt = report.resetAt;
    if (report.limit !== undefined) {
      const ours = Math.min(bucket.limit, report.limit * this.config.utilization);
      observation.limit = ours;
      if (report.remaining !== undefined) {
        observation.remaining = Math.max(0, report.remaining - (report.limit - ours));
      }
    } else if (report.remaining !== undefined) {
      observation.remaining = report.remaining;
    }
    return observation;
  }
}
