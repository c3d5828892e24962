import type { RateLimitBudget } from "@contexten/core";
import type { ProfileCharge, RateLimitProfile } from "@contexten/core/adapter";
import type { SlackIntegrationConfig } from "./slack-config";

/** Slack's Web API rate-limit tiers; `special` methods have their own rules. */
export type SlackTier = 1 | 2 | 3 | 4 | "special";

/** Requests per minute each tier guarantees (Slack documents them as "1+", "20+", "50+", "100+"). */
export const SLACK_TIER_LIMITS: Readonly<Record<1 | 2 | 3 | 4, number>> = Object.freeze({
  1: 1,
  2: 20,
  3: 50,
  4: 100,
});

/**
 * Tiers of common Web API methods, from Slack's method reference. Methods not listed are
 * treated as Tier 2 ("most methods allow at least 20 requests per minute"); pass `tiers` to
 * {@link slackRateLimitProfile} to add or correct entries (e.g. `conversations.history` is
 * limited to 1 a minute for new non-Marketplace apps).
 */
export const SLACK_METHOD_TIERS: Readonly<Record<string, SlackTier>> = Object.freeze({
  "api.test": 4,
  "apps.connections.open": 1,
  "auth.test": "special",
  "bookmarks.add": 2,
  "bookmarks.list": 3,
  "chat.delete": 3,
  "chat.getPermalink": "special",
  "chat.meMessage": 3,
  "chat.postEphemeral": 4,
  "chat.postMessage": "special",
  "chat.scheduleMessage": 3,
  "chat.update": 3,
  "conversations.archive": 2,
  "conversations.create": 2,
  "conversations.history": 3,
  "conversations.info": 3,
  "conversations.invite": 3,
  "conversations.join": 3,
  "conversations.list": 2,
  "conversations.members": 4,
  "conversations.open": 3,
  "conversations.replies": 3,
  "conversations.setTopic": 2,
  "files.completeUploadExternal": 4,
  "files.getUploadURLExternal": 4,
  "files.info": 4,
  "pins.add": 2,
  "reactions.add": 3,
  "reactions.get": 3,
  "reactions.remove": 2,
  "search.messages": 2,
  "team.info": 3,
  "usergroups.list": 2,
  "users.conversations": 3,
  "users.info": 4,
  "users.list": 2,
  "users.lookupByEmail": 3,
  "views.open": 4,
  "views.publish": 4,
  "views.push": 4,
  "views.update": 4,
});

/** Methods that post messages, paced at one message a second per channel. */
export const SLACK_POSTING_METHODS: ReadonlySet<string> = new Set([
  "chat.postMessage",
  "chat.postEphemeral",
  "chat.meMessage",
]);

/** Builds the rate-limit resource for a Slack call: `chat.postMessage:C123` or `users.info`. */
export function slackResource(method: string, channel?: string): string {
  return channel && SLACK_POSTING_METHODS.has(method) ? `${method}:${channel}` : method;
}

function continuous(limit: number, windowSeconds: number, burst: number): RateLimitBudget {
  return { limit, windowSeconds, refill: "continuous", burst };
}

/**
 * Slack's rate-limit rules. Resources are Web API method names, with `:<channel>` for
 * posting methods (see {@link slackResource}). A request draws from its method's tier
 * budget (`method:<name>`), the per-channel posting budget of one message a second
 * (`channel:<id>`, so a busy channel never slows the others), and the app-wide ceiling
 * (`app`, the config's `rateLimitRequests` per `rateLimitWindowSeconds`). Slack's buckets
 * are continuous: Slack publishes per-minute rates, not windows or headers.
 */
export function slackRateLimitProfile(
  config: Partial<
    Pick<SlackIntegrationConfig, "rateLimitRequests" | "rateLimitWindowSeconds">
  > = {},
  options: { tiers?: Readonly<Record<string, SlackTier>> } = {},
): RateLimitProfile {
  const tiers = { ...SLACK_METHOD_TIERS, ...options.tiers };
  const appLimit = config.rateLimitRequests ?? 100;
  const app = continuous(appLimit, config.rateLimitWindowSeconds ?? 60, Math.ceil(appLimit / 10));
  const tierOf = (method: string): SlackTier => tiers[method] ?? 2;
  return {
    platform: "slack",
    budget(bucket) {
      if (bucket === "app") return app;
      if (bucket.startsWith("channel:")) return continuous(1, 1, 1);
      if (bucket.startsWith("method:")) {
        const tier = tierOf(bucket.slice("method:".length));
        const perMinute = tier === "special" ? SLACK_TIER_LIMITS[4] : SLACK_TIER_LIMITS[tier];
        return continuous(perMinute, 60, Math.max(1, Math.ceil(perMinute / 10)));
      }
      return undefined;
    },
    charges(resource, { cost }) {
      const [method = resource, channel] = splitResource(resource);
      // Most specific first: the first charge is the resource's primary bucket.
      const charges: ProfileCharge[] = [];
      if (channel && SLACK_POSTING_METHODS.has(method)) {
        charges.push({ bucket: `channel:${channel}`, cost: 1 });
      }
      if (tierOf(method) !== "special") charges.push({ bucket: `method:${method}`, cost });
      charges.push({ bucket: "app", cost: 1 });
      return charges;
    },
    pausedBy(resource) {
      const [method = resource, channel] = splitResource(resource);
      if (channel && SLACK_POSTING_METHODS.has(method)) return [`channel:${channel}`];
      return tierOf(method) === "special" ? ["app"] : [`method:${method}`];
    },
  };
}

function splitResource(resource: string): [string, string | undefined] {
  const colon = resource.indexOf(":");
  return colon === -1
    ? [resource, undefined]
    : [resource.slice(0, colon), resource.slice(colon + 1)];
}
