/** A channel of the fake workspace. */
export interface FakeSlackChannelInput {
  /** Channel id, e.g. `C0DEPLOYS`. */
  id: string;
  /** Name without `#`; default the id in lower case. */
  name?: string | undefined;
  /** Archived channels refuse posts (`is_archived`). */
  archived?: boolean | undefined;
  /** Whether the bot is a member; posts to other channels fail with `not_in_channel`. Default true. */
  botIsMember?: boolean | undefined;
}

/** A member of the fake workspace. */
export interface FakeSlackUserInput {
  /** User id, e.g. `U0ADA`. */
  id: string;
  /** Handle; default the id in lower case. */
  name?: string | undefined;
  /** Email address `users.lookupByEmail` finds them by. */
  email?: string | undefined;
  /** Display name. */
  realName?: string | undefined;
}

/** A member of the fake workspace, as stored. */
export interface FakeSlackUser {
  /** User id. */
  id: string;
  /** Handle. */
  name: string;
  /** Email address, when known. */
  email?: string | undefined;
  /** Display name. */
  realName: string;
}

/** One version of a message's content. */
export interface FakeSlackMessageVersion {
  /** Text. */
  text: string;
  /** Blocks, parsed. */
  blocks: unknown[];
  /** When this version was written, server clock ms. */
  at: number;
}

/** A message the fake workspace holds. */
export interface FakeSlackMessage {
  /** Channel id. */
  channel: string;
  /** Message ts. */
  ts: string;
  /** Thread root ts for replies (and for roots with replies, as Slack reports it). */
  threadTs?: string;
  /** Current text. */
  text: string;
  /** Current blocks, parsed. */
  blocks: unknown[];
  /** Legacy attachments, parsed. */
  attachments?: unknown[];
  /** Author: the bot's user id for posts through the API. */
  user: string;
  /** When it was posted, server clock ms. */
  postedAt: number;
  /** Earlier versions, oldest first: one per `chat.update`. */
  edits: FakeSlackMessageVersion[];
  /** The `client_msg_id` it was posted with; posting it again returns this message. */
  clientMsgId?: string;
}

/** A channel with its messages (roots and replies, in posting order). */
export interface FakeSlackChannel {
  /** Channel id. */
  id: string;
  /** Name without `#`. */
  name: string;
  /** Archived. */
  archived: boolean;
  /** Bot membership. */
  botIsMember: boolean;
  /** Every message, in posting order. */
  messages: FakeSlackMessage[];
}

/** A view opened, pushed or published through the fake API. */
export interface FakeSlackView {
  /** View id, e.g. `V0000001`. */
  id: string;
  /** Current hash (changes on every update). */
  hash: string;
  /** `modal` or `home`. */
  type: string;
  /** How it was created. */
  createdBy: "views.open" | "views.push" | "views.publish";
  /** The trigger it was opened with. */
  triggerId?: string;
  /** The user a Home tab was published for. */
  userId?: string;
  /** The view stack's first view. */
  rootViewId: string;
  /** The app's `external_id`, if set. */
  externalId?: string;
  /** The view as last sent (parsed), without the server's fields. */
  view: Record<string, unknown>;
  /** Every version sent, oldest first (the first is the one opened). */
  history: Record<string, unknown>[];
}

/** A message posted to a fake `response_url`. */
export interface FakeResponseUrlPost {
  /** The response URL's id (the last path segment). */
  id: string;
  /** What was posted, parsed. */
  body: unknown;
  /** When, server clock ms. */
  at: number;
}

/** An ephemeral message (`chat.postEphemeral`). */
export interface FakeEphemeralMessage {
  /** Channel id. */
  channel: string;
  /** The user who sees it. */
  user: string;
  /** Text. */
  text: string;
  /** Blocks, parsed. */
  blocks: unknown[];
  /** Its ts. */
  ts: string;
}

/**
 * What a fake Slack workspace holds: channels with their messages (thread replies and
 * every update recorded), views, ephemeral messages and `response_url` posts. Tests seed
 * it and inspect it; the fake API reads and writes it.
 */
export class FakeSlackState {
  /** Channels by id (direct-message channels `D…` too, created on the first post to a user). */
  readonly channels = new Map<string, FakeSlackChannel>();
  /** Members by id. */
  readonly users = new Map<string, FakeSlackUser>();
  /** Views by id, in creation order. */
  readonly views = new Map<string, FakeSlackView>();
  /** Every `response_url` post, in order. */
  readonly responseUrlPosts: FakeResponseUrlPost[] = [];
  /** Every ephemeral message, in order. */
  readonly ephemeralMessages: FakeEphemeralMessage[] = [];
  /** Trigger ids `views.open` / `views.push` refuse with `expired_trigger_id`. */
  readonly expiredTriggers = new Set<string>();
  /** The workspace. */
  readonly team = { id: "T0FAKE001", domain: "contexten-fake", name: "contexten fake" };
  /** The bot's user id. */
  readonly botUserId = "U0FAKEBOT";
  /** The bot id. */
  readonly botId = "B0FAKEBOT";
  /** The app id. */
  readonly appId = "A0FAKEAPP";
  #baseUrl = "";
  #lastMicros = 0;
  #viewCount = 0;
  #responseCount = 0;

  constructor(
    channels: readonly FakeSlackChannelInput[] = [],
    users: readonly FakeSlackUserInput[] = [],
  ) {
    for (const channel of channels) this.addChannel(channel);
    for (const user of users) this.addUser(user);
  }

  /** Adds (or replaces) a member. */
  addUser(input: FakeSlackUserInput): FakeSlackUser {
    const user: FakeSlackUser = {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      email: input.email,
      realName: input.realName ?? input.name ?? input.id,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** A member by email address (case-insensitive, as `users.lookupByEmail` matches). */
  userByEmail(email: string): FakeSlackUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((user) => user.email?.toLowerCase() === wanted);
  }

  /**
   * The direct-message channel with a member (`D` + the user id without its `U`), created
   * on first use: posting to a user id posts there, as Slack does for a bot.
   */
  directChannel(userId: string): FakeSlackChannel | undefined {
    if (!this.users.has(userId)) return undefined;
    const id = `D${userId.replace(/^U/, "")}`;
    return this.channels.get(id) ?? this.addChannel({ id, name: `dm-${userId}` });
  }

  /** Adds (or replaces) a channel. */
  addChannel(input: FakeSlackChannelInput): FakeSlackChannel {
    const channel: FakeSlackChannel = {
      id: input.id,
      name: input.name ?? input.id.toLowerCase(),
      archived: input.archived ?? false,
      botIsMember: input.botIsMember ?? true,
      messages: [],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** A channel by id or by `#name` / `name`. */
  findChannel(idOrName: string): FakeSlackChannel | undefined {
    const byId = this.channels.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, "");
    return [...this.channels.values()].find((channel) => channel.name === name);
  }

  /** Root messages of a channel (not thread replies), oldest first. */
  messages(channel: string): FakeSlackMessage[] {
    return (this.findChannel(channel)?.messages ?? []).filter(
      (message) => message.threadTs === undefined || message.threadTs === message.ts,
    );
  }

  /** Replies in a thread, oldest first. */
  replies(channel: string, threadTs: string): FakeSlackMessage[] {
    return (this.findChannel(channel)?.messages ?? []).filter(
      (message) => message.threadTs === threadTs && message.ts !== threadTs,
    );
  }

  /** One message by channel and ts. */
  message(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.findChannel(channel)?.messages.find((message) => message.ts === ts);
  }

  /** Every message of every channel, roots and replies. */
  allMessages(): FakeSlackMessage[] {
    return [...this.channels.values()].flatMap((channel) => channel.messages);
  }

  /** Messages posted so far (roots and replies, all channels; updates do not count). */
  messageCount(): number {
    return this.allMessages().length;
  }

  /** Views in creation order. */
  viewList(): FakeSlackView[] {
    return [...this.views.values()];
  }

  /**
   * A fresh `response_url` served by the fake (for slash command and interaction
   * payloads); posts to it are recorded in {@link FakeSlackState.responseUrlPosts}.
   */
  createResponseUrl(id = `R${String(++this.#responseCount).padStart(6, "0")}`): string {
    return `${this.#baseUrl}/response/${id}`;
  }

  /** Posts to one `response_url`, by its id or full URL. */
  responsesTo(idOrUrl: string): FakeResponseUrlPost[] {
    const id = idOrUrl.split("/").pop() ?? idOrUrl;
    return this.responseUrlPosts.filter((post) => post.id === id);
  }

  /** @internal Sets the base URL once the server listens. */
  setBaseUrl(url: string): void {
    this.#baseUrl = url;
  }

  /** @internal A message ts unique and increasing on this server: `<seconds>.<micros>`. */
  nextTs(nowMs: number): string {
    const micros = Math.max(nowMs * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  /** @internal A new view id. */
  nextViewId(): string {
    this.#viewCount += 1;
    return `V${String(this.#viewCount).padStart(8, "0")}`;
  }
}
