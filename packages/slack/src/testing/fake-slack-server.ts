import type { Clock } from "@contexten/core";
import {
  type FakePlatformServer,
  type RecordedRequest,
  startFakePlatformServer,
} from "@contexten/core/testing";
import { installFakeSlackApi, readSlackParams } from "./fake-slack-api";
import {
  type FakeSlackChannelInput,
  FakeSlackState,
  type FakeSlackUserInput,
} from "./fake-slack-state";
import { type FakeSocketMode, startFakeSocketMode } from "./fake-socket-mode";

/** Default bot token the fake accepts. */
export const FAKE_SLACK_BOT_TOKEN = "xoxb-fake-bot-token";
/** Default app-level token the fake accepts for `apps.connections.open`. */
export const FAKE_SLACK_APP_TOKEN = "xapp-fake-app-token";

/** Options of {@link startFakeSlackServer}. */
export interface FakeSlackServerOptions {
  /** Channels of the workspace; default `C0GENERAL` (`general`). */
  channels?: readonly FakeSlackChannelInput[] | undefined;
  /** Members of the workspace (`users.lookupByEmail`, direct messages); default none. */
  users?: readonly FakeSlackUserInput[] | undefined;
  /** Bot token to accept; default {@link FAKE_SLACK_BOT_TOKEN}. */
  botToken?: string | undefined;
  /** App-level token to accept; default {@link FAKE_SLACK_APP_TOKEN}. */
  appToken?: string | undefined;
  /** Also start a Socket Mode WebSocket endpoint (needs the `ws` package). */
  socketMode?: boolean | undefined;
  /** Server clock (timestamps, message ts, rate-limit behaviours); default the system clock. */
  clock?: Clock | undefined;
}

/** A recorded Web API call, with its arguments parsed. */
export interface FakeSlackCall {
  /** Method, e.g. `chat.postMessage`. */
  method: string;
  /** Arguments, JSON fields (`blocks`, `view`) decoded. */
  params: Record<string, unknown>;
  /** The raw recorded request (status sent, headers, timestamp). */
  request: RecordedRequest;
}

/** A running fake Slack: Web API, `response_url`s and optionally Socket Mode. */
export interface FakeSlackServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** Web API URL for `slackApiUrl` (ends with `/`). */
  readonly apiUrl: string;
  /** Bot token the fake accepts. */
  readonly botToken: string;
  /** App-level token the fake accepts. */
  readonly appToken: string;
  /** The workspace: channels, messages (replies and updates), views, responses. */
  readonly state: FakeSlackState;
  /** Every HTTP request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The underlying kit server: add behaviours (`slackRateLimit()`) or faults (`fail`). */
  readonly server: FakePlatformServer;
  /** The Socket Mode endpoint, when started with `socketMode: true`. */
  readonly socket: FakeSocketMode | undefined;
  /** Web API calls received, optionally only those of one method. */
  calls(method?: string): FakeSlackCall[];
  /** Stops everything. */
  close(): Promise<void>;
}

/**
 * Starts a fake Slack on 127.0.0.1, built on core's fake platform server kit, that
 * answers what `@slack/web-api` really sends (form-encoded POSTs to `/api/<method>`) the
 * way Slack does: `ok: false` errors with HTTP 200 (`channel_not_found`, `invalid_auth`,
 * `invalid_blocks` for blocks over Slack's limits, `hash_conflict`, …), thread replies,
 * message updates, modals, `response_url`s, and (optionally) Socket Mode over a real
 * WebSocket. Add `slackRateLimit()` from `@contexten/slack/testing` to `server` for 429s.
 *
 * @example
 * const slack = await startFakeSlackServer({ channels: [{ id: "C0DEPLOYS", name: "deploys" }] });
 * const client = createSlackClient({ botToken: slack.botToken, slackApiUrl: slack.apiUrl });
 * await client.postMessage({ channel: "C0DEPLOYS", text: "hello" });
 * slack.state.messages("C0DEPLOYS"); // [{ text: "hello", … }]
 */
export async function startFakeSlackServer(
  options: FakeSlackServerOptions = {},
): Promise<FakeSlackServer> {
  const state = new FakeSlackState(
    options.channels ?? [{ id: "C0GENERAL", name: "general" }],
    options.users ?? [],
  );
  const botToken = options.botToken ?? FAKE_SLACK_BOT_TOKEN;
  const appToken = options.appToken ?? FAKE_SLACK_APP_TOKEN;
  const server = await startFakePlatformServer({ name: "fake Slack", clock: options.clock });
  state.setBaseUrl(server.url);
  let socket: FakeSocketMode | undefined;
  try {
    if (options.socketMode) socket = await startFakeSocketMode(state.appId);
  } catch (error) {
    await server.close();
    throw error;
  }
  installFakeSlackApi(server, state, { botToken, appToken, socketUrl: () => socket?.url });
  return {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    botToken,
    appToken,
    state,
    server,
    socket,
    get requests() {
      return server.requests;
    },
    calls(method) {
      return server
        .requestsTo("POST", "/api/:method")
        .map((request) => ({
          method: request.path.split("/").pop() ?? "",
          params: readSlackParams(request),
          request,
        }))
        .filter((call) => method === undefined || call.method === method);
    },
    async close() {
      await socket?.close();
      await server.close();
    },
  };
}
