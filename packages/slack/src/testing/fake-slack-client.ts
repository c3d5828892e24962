import { createSlackClient, type SlackClient } from "../client/slack-client";
import type { SlackClientOptions } from "../client/slack-client-options";
import type { FakeSlackServer } from "./fake-slack-server";
import { createUnpacedSlackLimiter } from "./unpaced-limiter";

/**
 * A {@link SlackClient} for a fake Slack: its bot token and API URL, no environment, and
 * (unless `options.limiter` says otherwise) budgets that never make a test wait in real
 * time. Everything else (retries, errors, instrumentation) is the real pipeline.
 */
export function createFakeSlackClient(
  fake: Pick<FakeSlackServer, "botToken" | "apiUrl">,
  options: SlackClientOptions = {},
): SlackClient {
  return createSlackClient({
    ...options,
    botToken: options.botToken ?? fake.botToken,
    slackApiUrl: options.slackApiUrl ?? fake.apiUrl,
    env: options.env ?? {},
    limiter: options.limiter ?? createUnpacedSlackLimiter(),
  });
}
