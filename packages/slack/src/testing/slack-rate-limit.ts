import type { FakeBehaviour } from "@contexten/core/testing";

/** Options of {@link slackRateLimit}. */
export interface SlackRateLimitOptions {
  /** Requests per minute allowed for a method; undefined for no limit. Default: none. */
  perMinute?: ((method: string) => number | undefined) | undefined;
  /** Messages a second per channel for posting methods; default 1. */
  perChannelPerSecond?: number | undefined;
  /** Methods paced per channel; default `chat.postMessage`, `chat.postEphemeral`, `chat.meMessage`. */
  postingMethods?: readonly string[] | undefined;
}

/**
 * Slack's limits: posting methods allow `perChannelPerSecond` messages per channel (any two
 * messages to a channel at least `1000 / perChannelPerSecond` ms apart), and methods with
 * a `perMinute` limit allow that many in any 60 s. A refused call gets 429 with
 * `Retry-After` (seconds) and `{ ok: false, error: "ratelimited" }`. `refused` counts them.
 *
 * A behaviour for core's fake platform server kit (`startFakePlatformServer`,
 * `startFakeTimeHarness` from `@contexten/core/testing`), and for the `server` of
 * `startFakeSlackServer`, which has no rate limits unless given this.
 *
 * @example
 * const fake = await startFakeSlackServer();
 * const rateLimit = slackRateLimit({ perMinute: (method) => (method === "users.list" ? 20 : undefined) });
 * fake.server.use(rateLimit);
 * // … after the client ran:
 * expect(rateLimit.refused).toBe(0);
 */
export function slackRateLimit(
  options: SlackRateLimitOptions = {},
): FakeBehaviour & { readonly refused: number } {
  const state = { refused: 0 };
  const interval = 1000 / (options.perChannelPerSecond ?? 1);
  const posting = new Set(
    options.postingMethods ?? ["chat.postMessage", "chat.postEphemeral", "chat.meMessage"],
  );
  const lastPost = new Map<string, number>();
  const calls = new Map<string, number[]>();
  const refuse = (waitMs: number) => {
    state.refused += 1;
    return {
      status: 429,
      headers: { "retry-after": Math.max(1, Math.ceil(waitMs / 1000)) },
      json: { ok: false, error: "ratelimited" },
    };
  };
  const behaviour: FakeBehaviour = async (request, next, { clock }) => {
    const now = clock.now();
    const method = request.path.split("/").filter(Boolean).pop() ?? "";
    const fields = (
      typeof request.body === "object" && request.body !== null ? request.body : {}
    ) as Record<string, unknown>;
    const channel = typeof fields.channel === "string" ? fields.channel : undefined;
    if (channel !== undefined && posting.has(method)) {
      const previous = lastPost.get(channel);
      if (previous !== undefined && now - previous < interval)
        return refuse(interval - (now - previous));
    }
    const perMinute = options.perMinute?.(method);
    if (perMinute !== undefined) {
      const recent = (calls.get(method) ?? []).filter((at) => at > now - 60_000);
      calls.set(method, recent);
      if (recent.length >= perMinute) return refuse(recent[0]! + 60_000 - now);
      recent.push(now);
    }
    if (channel !== undefined && posting.has(method)) lastPost.set(channel, now);
    return next(request);
  };
  return Object.defineProperty(behaviour, "refused", {
    get: () => state.refused,
  }) as FakeBehaviour & {
    readonly refused: number;
  };
}
