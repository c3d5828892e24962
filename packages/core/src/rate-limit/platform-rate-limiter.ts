import type { Clock } from "../clock/clock";
import type { Instrumentation } from "../contracts/instrumentation";
import type { EventBus } from "../events/event-bus";
import type { RateLimitProfile } from "./rate-limit-profile";
import type { RateLimiter } from "./rate-limiter";
import { UnifiedRateLimiter } from "./unified-rate-limiter";

/** Options of {@link platformRateLimiter}. */
export interface PlatformRateLimiterOptions {
  /** The platform's rules, e.g. `githubRateLimitProfile(config)`. */
  profile: RateLimitProfile;
  /** The limiter the caller passed, if any (it may be shared with other platforms' clients). */
  limiter?: RateLimiter | undefined;
  /** Time source of a new limiter. */
  clock?: Clock | undefined;
  /** Receives `onRateLimitWait` from a new limiter. */
  instrumentation?: Instrumentation | undefined;
  /** Receives `rate-limit` events from a new limiter. */
  eventBus?: EventBus | undefined;
}

/**
 * The limiter a platform client paces its calls with: the one it was given, with the
 * platform's profile registered on it (a profile the limiter was made with wins), or a
 * new `UnifiedRateLimiter` with just that profile. So one limiter, shared by every
 * client of a process or (with a shared backend) of every instance, needs no profiles of
 * its own.
 */
export function platformRateLimiter(options: PlatformRateLimiterOptions): RateLimiter {
  const { profile, limiter } = options;
  if (limiter) {
    limiter.registerProfile?.(profile);
    return limiter;
  }
  return new UnifiedRateLimiter({
    profiles: [profile],
    clock: options.clock,
    instrumentation: options.instrumentation,
    eventBus: options.eventBus,
  });
}
