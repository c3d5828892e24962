import type { FakePlatformServer, FakeRequest, FakeResponse } from "@contexten/core/testing";
import { SLACK_LIMITS } from "../blocks/slack-limits";
import { checkBlocks } from "./check-blocks";
import type { FakeSlackChannel, FakeSlackMessage, FakeSlackState } from "./fake-slack-state";
import { installFakeSlackViews } from "./fake-slack-views";

/** Parsed Web API arguments (form fields or JSON), JSON-valued fields decoded. */
export type FakeSlackParams = Record<string, unknown>;

/** Answers one Web API method. */
export type FakeSlackMethod = (params: FakeSlackParams, request: FakeRequest) => FakeResponse;

const JSON_FIELDS = ["blocks", "attachments", "view", "metadata"];

/** Reads a Web API request's arguments as `@slack/web-api` sends them. */
export function readSlackParams(request: FakeRequest): FakeSlackParams {
  const body =
    typeof request.body === "object" && request.body !== null
      ? { ...(request.body as FakeSlackParams) }
      : {};
  for (const field of JSON_FIELDS) {
    const value = body[field];
    if (typeof value === "string") {
      try {
        body[field] = JSON.parse(value) as unknown;
      } catch {
        // Left as a string: the method answers invalid_arguments.
      }
    }
  }
  return body;
}

/** `{ ok: false, error }` with HTTP 200, as Slack answers API errors. */
export function slackError(error: string, extra: Record<string, unknown> = {}): FakeResponse {
  return { json: { ok: false, error, ...extra } };
}

/** `{ ok: true, … }`. */
export function slackOk(body: Record<string, unknown> = {}): FakeResponse {
  return { json: { ok: true, ...body } };
}

/** The message as Slack's API returns it. */
export function apiMessage(message: FakeSlackMessage, channel: FakeSlackChannel) {
  const replies = channel.messages.filter(
    (candidate) => candidate.threadTs === message.ts && candidate.ts !== message.ts,
  );
  return {
    type: "message",
    user: message.user,
    text: message.text,
    ts: message.ts,
    blocks: message.blocks,
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.clientMsgId ? { client_msg_id: message.clientMsgId } : {}),
    ...(replies.length > 0 ? { thread_ts: message.ts, reply_count: replies.length } : {}),
    ...(message.edits.length > 0 ? { edited: { ts: message.ts } } : {}),
  };
}

function text(params: FakeSlackParams): string {
  return typeof params.text === "string" ? params.text : "";
}

/**
 * Installs the fake Web API on `server`: `auth.test`, `chat.postMessage`, `chat.update`,
 * `chat.postEphemeral`, `chat.getPermalink`, `conversations.history`,
 * `conversations.replies`, `conversations.info`, `users.lookupByEmail` (posting to a
 * member's user id goes to their direct-message channel), the `views.*` methods and
 * `apps.connections.open`, plus `POST /response/:id` for `response_url`s. Requests must
 * carry the bot token (`not_authed` / `invalid_auth` otherwise); blocks are checked
 * against Slack's limits (`invalid_blocks`).
 */
export function installFakeSlackApi(
  server: FakePlatformServer,
  state: FakeSlackState,
  options: { botToken: string; appToken: string; socketUrl: () => string | undefined },
): void {
  const methods = new Map<string, FakeSlackMethod>();
  const postable = (channelId: unknown) => {
    const channel =
      typeof channelId === "string"
        ? (state.findChannel(channelId) ?? state.directChannel(channelId))
        : undefined;
    if (!channel) return { error: slackError("channel_not_found") };
    if (channel.archived) return { error: slackError("is_archived") };
    if (!channel.botIsMember) return { error: slackError("not_in_channel") };
    return { channel };
  };
  const contentError = (params: FakeSlackParams, requireContent: boolean) => {
    if (requireContent && !text(params) && !params.blocks && !params.attachments) {
      return slackError("no_text");
    }
    if (text(params).length > SLACK_LIMITS.messageText) return slackError("msg_too_long");
    const problem = checkBlocks(params.blocks, SLACK_LIMITS.messageBlocks);
    return problem ? slackError("invalid_blocks", { errors: [problem] }) : undefined;
  };

  methods.set("auth.test", () =>
    slackOk({
      url: `https://${state.team.domain}.slack.com/`,
      team: state.team.name,
      user: "contexten",
      team_id: state.team.id,
      user_id: state.botUserId,
      bot_id: state.botId,
    }),
  );

  methods.set("chat.postMessage", (params, request) => {
    const { channel, error } = postable(params.channel);
    if (error) return error;
    const invalid = contentError(params, true);
    if (invalid) return invalid;
    const threadTs = typeof params.thread_ts === "string" ? params.thread_ts : undefined;
    // A repeated client_msg_id in the channel returns the message it already posted.
    const clientMsgId = typeof params.client_msg_id === "string" ? params.client_msg_id : undefined;
    const earlier = clientMsgId
      ? channel.messages.find((candidate) => candidate.clientMsgId === clientMsgId)
      : undefined;
    if (earlier) {
      return slackOk({
        channel: channel.id,
        ts: earlier.ts,
        message: apiMessage(earlier, channel),
      });
    }
    const message: FakeSlackMessage = {
      channel: channel.id,
      ts: state.nextTs(request.timestamp),
      text: text(params),
      blocks: (params.blocks as unknown[] | undefined) ?? [],
      ...(params.attachments ? { attachments: params.attachments as unknown[] } : {}),
      user: state.botUserId,
      postedAt: request.timestamp,
      edits: [],
      ...(threadTs ? { threadTs } : {}),
      ...(clientMsgId ? { clientMsgId } : {}),
    };
    channel.messages.push(message);
    return slackOk({ channel: channel.id, ts: message.ts, message: apiMessage(message, channel) });
  });

  methods.set("chat.update", (params, request) => {
    const channel =
      typeof params.channel === "string" ? state.findChannel(params.channel) : undefined;
    if (!channel) return slackError("channel_not_found");
    const message = channel.messages.find((candidate) => candidate.ts === params.ts);
    if (!message) return slackError("message_not_found");
    if (message.user !== state.botUserId) return slackError("cant_update_message");
    const invalid = contentError(params, false);
    if (invalid) return invalid;
    message.edits.push({ text: message.text, blocks: message.blocks, at: request.timestamp });
    if (params.text !== undefined) message.text = text(params);
    if (params.blocks !== undefined) message.blocks = params.blocks as unknown[];
    return slackOk({ channel: channel.id, ts: message.ts, text: message.text });
  });

  methods.set("chat.postEphemeral", (params, request) => {
    const { channel, error } = postable(params.channel);
    if (error) return error;
    if (typeof params.user !== "string") return slackError("user_not_in_channel");
    const invalid = contentError(params, true);
    if (invalid) return invalid;
    const ts = state.nextTs(request.timestamp);
    state.ephemeralMessages.push({
      channel: channel.id,
      user: params.user,
      text: text(params),
      blocks: (params.blocks as unknown[] | undefined) ?? [],
      ts,
    });
    return slackOk({ message_ts: ts });
  });

  methods.set("chat.getPermalink", (params) => {
    const channel =
      typeof params.channel === "string" ? state.findChannel(params.channel) : undefined;
    if (!channel) return slackError("channel_not_found");
    const ts = String(params.message_ts ?? "");
    if (!channel.messages.some((message) => message.ts === ts))
      return slackError("message_not_found");
    return slackOk({
      channel: channel.id,
      permalink: `https://${state.team.domain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}`,
    });
  });

  methods.set("conversations.history", (params) => {
    const channel =
      typeof params.channel === "string" ? state.findChannel(params.channel) : undefined;
    if (!channel) return slackError("channel_not_found");
    const inclusive = params.inclusive === true || params.inclusive === "true";
    const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(params.latest);
    const oldest = params.oldest === undefined ? 0 : Number(params.oldest);
    const within = (ts: number) =>
      inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
    const limit = Number(params.limit ?? 100) || 100;
    const messages = state
      .messages(channel.id)
      .filter((message) => within(Number(message.ts)))
      .reverse()
      .slice(0, limit)
      .map((message) => apiMessage(message, channel));
    return slackOk({ messages, has_more: false });
  });

  methods.set("conversations.replies", (params) => {
    const channel =
      typeof params.channel === "string" ? state.findChannel(params.channel) : undefined;
    if (!channel) return slackError("channel_not_found");
    const root = channel.messages.find((message) => message.ts === params.ts);
    if (!root) return slackError("thread_not_found");
    const thread = [root, ...state.replies(channel.id, root.ts)];
    return slackOk({
      messages: thread.map((message) => apiMessage(message, channel)),
      has_more: false,
    });
  });

  methods.set("conversations.info", (params) => {
    const channel =
      typeof params.channel === "string" ? state.findChannel(params.channel) : undefined;
    if (!channel) return slackError("channel_not_found");
    return slackOk({
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: true,
        is_archived: channel.archived,
        is_member: channel.botIsMember,
      },
    });
  });

  methods.set("users.lookupByEmail", (params) => {
    if (typeof params.email !== "string" || !params.email) return slackError("invalid_arguments");
    const user = state.userByEmail(params.email);
    if (!user) return slackError("users_not_found");
    return slackOk({
      user: {
        id: user.id,
        team_id: state.team.id,
        name: user.name,
        real_name: user.realName,
        deleted: false,
        is_bot: false,
        profile: { email: user.email, real_name: user.realName },
      },
    });
  });

  installFakeSlackViews(methods, state);

  server.route("POST", "/api/:method", (request) => {
    const method = request.params.method ?? "";
    const params = readSlackParams(request);
    const token =
      request.headers.authorization?.replace(/^Bearer\s+/i, "") ??
      (typeof params.token === "string" ? params.token : undefined);
    if (method === "apps.connections.open") {
      if (token !== options.appToken) return slackError(token ? "invalid_auth" : "not_authed");
      const url = options.socketUrl();
      return url ? slackOk({ url }) : slackError("socket_mode_not_started");
    }
    if (!token) return slackError("not_authed");
    if (token !== options.botToken) return slackError("invalid_auth");
    const answer = methods.get(method);
    if (!answer) return slackError("unknown_method", { method });
    const response = answer(params, request);
    return method === "auth.test"
      ? { ...response, headers: { "x-oauth-scopes": "chat:write,commands,channels:history" } }
      : response;
  });

  server.route("POST", "/response/:id", (request) => {
    const id = request.params.id ?? "";
    if (state.responsesTo(id).length >= 5) return { status: 404, body: "used_url" };
    state.responseUrlPosts.push({ id, body: request.body, at: request.timestamp });
    return slackOk();
  });
}
