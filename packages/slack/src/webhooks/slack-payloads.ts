/**
 * The shapes of what Slack sends: Events API envelopes, slash commands and interaction
 * payloads, as documented at docs.slack.dev. Only the fields contexten reads are typed;
 * every object keeps the rest (index signatures), and normalized events carry it whole.
 */

/** A file, link or unfurl attached to a message (legacy attachments). */
export interface SlackAttachment {
  /** Title text. */
  title?: string;
  /** Link the title points to. */
  title_link?: string;
  /** Body text. */
  text?: string;
  /** Plain-text summary. */
  fallback?: string;
  /** The URL an unfurl was made from. */
  from_url?: string;
  /** Other fields. */
  [field: string]: unknown;
}

/** The inner `event` of an Events API delivery (`message`, `app_mention`, `reaction_added`, …). */
export interface SlackEvent {
  /** Event type, e.g. `message`. */
  type: string;
  /** Message subtype (`message_changed`, `bot_message`, …). */
  subtype?: string;
  /** Channel id. */
  channel?: string;
  /** `channel`, `group`, `im` or `mpim`. */
  channel_type?: string;
  /** Author's user id. */
  user?: string;
  /** Bot id for bot messages. */
  bot_id?: string;
  /** Message text (mrkdwn, with Slack's `<url|label>` links). */
  text?: string;
  /** Message timestamp: its id within the channel. */
  ts?: string;
  /** Thread root timestamp, for replies and thread roots with replies. */
  thread_ts?: string;
  /** When the event happened. */
  event_ts?: string;
  /** Legacy attachments (unfurls, bot messages). */
  attachments?: SlackAttachment[];
  /** The edited message (`message_changed`). */
  message?: SlackEvent;
  /** The message before the change or deletion. */
  previous_message?: SlackEvent;
  /** The deleted message's ts (`message_deleted`). */
  deleted_ts?: string;
  /** Reaction name without colons (`reaction_added`). */
  reaction?: string;
  /** What was reacted to (`reaction_added`). */
  item?: { type: string; channel?: string; ts?: string; file?: string };
  /** Author of the item reacted to. */
  item_user?: string;
  /** Other fields. */
  [field: string]: unknown;
}

/** The body Slack POSTs for every Events API event (`type: "event_callback"`). */
export interface SlackEventEnvelope {
  /** Always `event_callback`. */
  type: "event_callback";
  /** Deprecated verification token. */
  token?: string;
  /** Workspace id. */
  team_id?: string;
  /** App id. */
  api_app_id?: string;
  /** The event. */
  event: SlackEvent;
  /** Unique id of the event: the same on every retry. */
  event_id: string;
  /** When the event was dispatched, epoch seconds. */
  event_time: number;
  /** Other fields (`authorizations`, `event_context`, …). */
  [field: string]: unknown;
}

/** A slash command invocation: the form fields Slack POSTs. */
export interface SlashCommandPayload {
  /** The command, with its slash: `/deploy`. */
  command: string;
  /** Everything typed after the command. */
  text: string;
  /** Who ran it. */
  user_id: string;
  /** Their name (deprecated by Slack, still sent). */
  user_name?: string;
  /** Where it was run. */
  channel_id: string;
  /** Channel name. */
  channel_name?: string;
  /** Workspace id. */
  team_id: string;
  /** Workspace subdomain. */
  team_domain?: string;
  /** Where to post delayed responses (5 times within 30 minutes). */
  response_url: string;
  /** Opens a modal within 3 seconds (`views.open`). */
  trigger_id: string;
  /** App id. */
  api_app_id?: string;
  /** Other fields. */
  [field: string]: string | undefined;
}

/** One element interaction of a `block_actions` payload. */
export interface SlackBlockAction {
  /** The element's `action_id`. */
  action_id: string;
  /** The containing block's `block_id`. */
  block_id?: string;
  /** Element type: `button`, `static_select`, … */
  type: string;
  /** A button's value. */
  value?: string;
  /** When it was clicked, Slack ts. */
  action_ts?: string;
  /** Select menus: the chosen option. */
  selected_option?: { value: string; text?: { text: string } } | null;
  /** Other fields. */
  [field: string]: unknown;
}

/** The value of one input in a view's `state.values`. */
export interface SlackViewStateValue {
  /** Element type: `plain_text_input`, `static_select`, `datepicker`, … */
  type: string;
  /** Text inputs. */
  value?: string | null;
  /** Single selects. */
  selected_option?: { value: string } | null;
  /** Multi selects and checkboxes. */
  selected_options?: { value: string }[];
  /** Date pickers. */
  selected_date?: string | null;
  /** Time pickers. */
  selected_time?: string | null;
  /** User selects. */
  selected_user?: string | null;
  /** Multi user selects. */
  selected_users?: string[];
  /** Conversation selects. */
  selected_conversation?: string | null;
  /** Channel selects. */
  selected_channel?: string | null;
  /** Other fields. */
  [field: string]: unknown;
}

/** A modal or Home tab view as interaction payloads carry it. */
export interface SlackViewPayload {
  /** View id. */
  id: string;
  /** `modal` or `home`. */
  type?: string;
  /** The app's identifier for the view. */
  callback_id?: string;
  /** The app's own data (at most 3,000 characters). */
  private_metadata?: string;
  /** Version, for `views.update` race protection. */
  hash?: string;
  /** The first view of a stack. */
  root_view_id?: string | null;
  /** Title. */
  title?: { type: string; text: string };
  /** Submitted input values by block id, then action id. */
  state?: { values: Record<string, Record<string, SlackViewStateValue>> };
  /** Other fields. */
  [field: string]: unknown;
}

/**
 * An interaction payload (the JSON in the `payload` form field): `block_actions`,
 * `view_submission`, `view_closed`, `shortcut`, `message_action`, …
 */
export interface InteractionPayload {
  /** Interaction type. */
  type: string;
  /** Who interacted. */
  user?: { id: string; username?: string; name?: string; team_id?: string };
  /** Workspace. */
  team?: { id: string; domain?: string } | null;
  /** App id. */
  api_app_id?: string;
  /** Opens a modal within 3 seconds. */
  trigger_id?: string;
  /** Where to post responses (messages, not modals). */
  response_url?: string;
  /** Response URLs from input blocks with `response_url_enabled` (view submissions). */
  response_urls?: {
    block_id: string;
    action_id: string;
    channel_id: string;
    response_url: string;
  }[];
  /** Shortcuts and message actions: the app's id for the action. */
  callback_id?: string;
  /** `block_actions`: what was clicked. */
  actions?: SlackBlockAction[];
  /** `block_actions`: where the element lives (`message` or `view`). */
  container?: {
    type: string;
    message_ts?: string;
    channel_id?: string;
    thread_ts?: string;
    view_id?: string;
    [field: string]: unknown;
  };
  /** The channel of a message interaction. */
  channel?: { id: string; name?: string };
  /** The message of a message interaction. */
  message?: SlackEvent;
  /** The view of a view interaction. */
  view?: SlackViewPayload;
  /** Other fields. */
  [field: string]: unknown;
}

/** Known interaction payload types. */
export type InteractionType =
  | "block_actions"
  | "view_submission"
  | "view_closed"
  | "shortcut"
  | "message_action"
  | "block_suggestion"
  | "interactive_message"
  | (string & {});

/**
 * What the Slack source parsed a delivery into; the body of every `WebhookDelivery` it
 * produces.
 */
export type SlackInbound =
  | {
      /** An Events API event. */
      kind: "event";
      /** The whole envelope. */
      envelope: SlackEventEnvelope;
      /** `X-Slack-Retry-Num` (0 on the first attempt). */
      retryNum: number;
      /** `X-Slack-Retry-Reason`, when retried. */
      retryReason?: string;
    }
  | {
      /** A slash command. */
      kind: "command";
      /** Its fields. */
      command: SlashCommandPayload;
    }
  | {
      /** An interaction. */
      kind: "interaction";
      /** The parsed `payload`. */
      interaction: InteractionPayload;
    }
  | {
      /** Another Events API callback type (`app_rate_limited`, …), stored as it is. */
      kind: "other";
      /** Its `type`. */
      type: string;
      /** The body. */
      body: Record<string, unknown>;
    };
