import { type RateLimitBudget, UnifiedRateLimiter } from "@contexten/core";
import { slackRateLimitProfile } from "../client/slack-rate-limits";

const GENEROUS: RateLimitBudget = {
  limit: 1_000_000,
  windowSeconds: 1,
  refill: "continuous",
  burst: 1_000_000,
};

/**
 * A rate limiter with Slack's rules but budgets so large that nothing ever waits: for
 * tests and demos whose subject is not pacing (the real budgets pace a channel at one
 * message a second, in real time unless the test fakes timers).
 */
export function createUnpacedSlackLimiter(): UnifiedRateLimiter {
  return new UnifiedRateLimiter({
    profiles: [slackRateLimitProfile()],
    config: { budgets: { slack: { app: GENEROUS, "channel:*": GENEROUS, "method:*": GENEROUS } } },
  });
}
