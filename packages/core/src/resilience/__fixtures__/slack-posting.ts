import { UnifiedRateLimiter } from "../../rate-limit/unified-rate-limiter";
import type { FakeTimeHarness } from "../../testing/fake-platform-server/index";
import { slackRateLimit } from "../../testing/fake-platform-server/index";
import { classifySlackResponse } from "../platform-classifiers";
import { resolveSlackRequest } from "../platform-requests";
import { createResilientFetch } from "../resilient-fetch";

/**
 * Slack's `chat.postMessage` on the harness's fake server (paced at one post a second per
 * channel, 429 + Retry-After beyond), and a resilient fetch with Slack's rules and a
 * limiter posting to it the way `@slack/web-api` does: a form-encoded POST.
 */
export function slackPosting(harness: FakeTimeHarness) {
  const rateLimit = slackRateLimit({ perChannelPerSecond: 1 });
  harness.server.use(rateLimit).route("POST", "/api/chat.postMessage", (request) => ({
    json: {
      ok: true,
      channel: (request.body as { channel: string }).channel,
      ts: `${request.timestamp / 1000}`,
    },
  }));
  const slackFetch = createResilientFetch({
    platform: "slack",
    limiter: new UnifiedRateLimiter(),
    classify: classifySlackResponse,
    resolveRequest: resolveSlackRequest,
    fetch: harness.tracker.fetch,
  });
  const post = (channel: string, text: string, signal?: AbortSignal) =>
    slackFetch(`${harness.server.url}/api/chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ channel, text }),
      ...(signal ? { signal } : {}),
    });
  return { rateLimit, post };
}
