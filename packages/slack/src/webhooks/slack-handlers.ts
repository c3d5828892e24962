import { ConfigurationError, type CorrelatedEvent } from "@contexten/core";
import { readArray, readObject, readString } from "@contexten/core/adapter";
import type { ModalView } from "@slack/web-api";
import type { ResponseUrlMessage } from "../client/response-url-message";
import type { SlackClient } from "../client/slack-client";
import type {
  InteractionPayload,
  InteractionType,
  SlackBlockAction,
  SlashCommandPayload,
} from "./slack-payloads";

/** What every handler gets besides its payload. */
export interface SlackHandlerContext {
  /** The stored event this request was normalized into. */
  event: CorrelatedEvent | undefined;
  /**
   * Posts to the request's `response_url` (delayed or follow-up messages; 5 uses within
   * 30 minutes). Needs a `client`; throws `ValidationError` when the payload has none.
   */
  respond(message: ResponseUrlMessage | string): Promise<void>;
  /** The Web API client, when the source was given one. */
  client: SlackClient | undefined;
  /** Aborted when Slack's 3-second ack deadline is about to pass. */
  signal: AbortSignal;
}

/** A slash command handler's context. */
export interface SlashCommandContext extends SlackHandlerContext {
  /** The command's fields: `command`, `text`, `user_id`, `channel_id`, `trigger_id`, … */
  command: SlashCommandPayload;
}

/**
 * A slash command's immediate answer: a message (ephemeral unless `response_type:
 * "in_channel"`), a plain string (an ephemeral text), or nothing (an empty ack).
 */
export type SlashCommandResponse = ResponseUrlMessage | string | undefined;

/**
 * What a handler may return: an answer, nothing, or a promise of either. `void` is part of
 * it on purpose, so handlers written as statements (`() => { … }`) need no `return`.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing are valid.
export type HandlerResult<Answer> = Answer | undefined | void | Promise<Answer | undefined | void>;

/** Handles a slash command; its return value is the immediate answer, within 3 seconds. */
export type SlashCommandHandler = (
  context: SlashCommandContext,
) => HandlerResult<SlashCommandResponse>;

/** An interaction handler's context. */
export interface InteractionContext extends SlackHandlerContext {
  /** The whole interaction payload. */
  payload: InteractionPayload;
  /**
   * For `block_actions`: the action this handler matched. For `block_suggestion`: the
   * select asking for options (`action_id`, `block_id`, and the typed `value`).
   */
  action: SlackBlockAction | undefined;
}

/**
 * What a `view_submission` handler may answer (Slack's `response_action`): field errors
 * by `block_id`, a replacement view, a pushed view, or closing every view.
 */
export type ViewSubmissionResponse =
  | { response_action: "errors"; errors: Record<string, string> }
  | { response_action: "update"; view: ModalView }
  | { response_action: "push"; view: ModalView }
  | { response_action: "clear" };

/** One choice of a select menu, as Slack's Block Kit option object. */
export interface SlackOption {
  /** What the user sees. */
  text: { type: "plain_text"; text: string; emoji?: boolean | undefined };
  /** What the app receives when it is chosen (at most 150 characters). */
  value: string;
  /** A line under the text. */
  description?: { type: "plain_text"; text: string } | undefined;
}

/**
 * What a `block_suggestion` handler answers to fill an external select menu while the
 * user types (`payload.value` holds what they typed): up to 100 options, or option
 * groups. Slack shows nothing new when the answer is empty or late.
 */
export type BlockSuggestionResponse =
  | { options: SlackOption[] }
  | { option_groups: { label: { type: "plain_text"; text: string }; options: SlackOption[] }[] };

/** Every answer an interaction handler may give; see {@link InteractiveHandler}. */
export type InteractionResponse = ViewSubmissionResponse | BlockSuggestionResponse;

/**
 * Handles an interaction. A `view_submission` handler may return a
 * {@link ViewSubmissionResponse}, a `block_suggestion` handler a
 * {@link BlockSuggestionResponse} (the options of its external select); for either, the
 * first handler that returns an answer decides the ack's body. Other answers are ignored.
 */
export type InteractiveHandler = (
  context: InteractionContext,
) => HandlerResult<InteractionResponse>;

/**
 * Which interactions a handler receives:
 *
 * - a string or RegExp matches a block action's `action_id` (and a `block_suggestion`'s,
 *   the external select asking for options), and the `callback_id` of views, shortcuts,
 *   message actions and legacy message buttons (Slack names those by callback id);
 * - `{ actionId }` matches only block actions, `{ callbackId }` only callback ids (including
 *   block actions inside a modal with that callback id);
 * - `type` narrows to interaction types, e.g. `{ callbackId: "deploy", type: "view_closed" }`.
 */
export type InteractiveMatcher =
  | string
  | RegExp
  | {
      /** Matches a block action's `action_id`. */
      actionId?: string | RegExp;
      /** Matches the `callback_id` of a view, shortcut or message action. */
      callbackId?: string | RegExp;
      /** Only these interaction types. */
      type?: InteractionType | readonly InteractionType[];
    };

/** A handler that matched an interaction, with the action it matched. */
export interface MatchedInteractiveHandler {
  /** The handler. */
  handler: InteractiveHandler;
  /** The block action it matched, for `block_actions`. */
  action: SlackBlockAction | undefined;
}

interface InteractiveRegistration {
  matcher: InteractiveMatcher;
  handler: InteractiveHandler;
}

function test(pattern: string | RegExp | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return typeof pattern === "string" ? pattern === value : pattern.test(value);
}

function callbackIdOf(payload: InteractionPayload): string | undefined {
  return readString(payload, "view", "callback_id") ?? readString(payload, "callback_id");
}

/**
 * The block actions of a payload that are objects (none when `actions` is not an array);
 * for a `block_suggestion`, its one select, whose `action_id` sits at the payload's top.
 */
function actionsOf(payload: InteractionPayload): SlackBlockAction[] {
  if (payload.type === "block_suggestion") {
    const actionId = readString(payload, "action_id");
    if (actionId === undefined) return [];
    const blockId = readString(payload, "block_id");
    const value = readString(payload, "value");
    return [
      {
        type: "block_suggestion",
        action_id: actionId,
        ...(blockId === undefined ? {} : { block_id: blockId }),
        ...(value === undefined ? {} : { value }),
      },
    ];
  }
  return readArray(payload, "actions", readObject) as SlackBlockAction[];
}

/** Interactions that name their elements by `action_id` (and so match action matchers). */
const ACTION_TYPES: ReadonlySet<string> = new Set(["block_actions", "block_suggestion"]);

function actionIdOf(action: SlackBlockAction): string | undefined {
  return readString(action, "action_id");
}

/** `/Deploy` and `deploy` are the same command: lower case with a leading slash. */
export function normalizeCommandName(command: string): string {
  const trimmed = command.trim().toLowerCase();
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/**
 * The slash command and interaction handlers of an app. One registry serves the HTTP
 * webhook source and Socket Mode alike, so a handler registered once answers both.
 */
export class SlackHandlerRegistry {
  readonly #commands = new Map<string, SlashCommandHandler>();
  readonly #interactive: InteractiveRegistration[] = [];

  /**
   * Registers the handler of a slash command (`/deploy`). Returns a function that
   * unregisters it. Registering a command twice throws: one command, one answer.
   */
  registerSlashCommand(command: string, handler: SlashCommandHandler): () => void {
    const name = normalizeCommandName(command);
    if (this.#commands.has(name)) {
      throw new ConfigurationError({
        platform: "slack",
        message: `The slash command ${name} already has a handler; call the function registerSlashCommand returned to remove it first.`,
      });
    }
    this.#commands.set(name, handler);
    return () => {
      if (this.#commands.get(name) === handler) this.#commands.delete(name);
    };
  }

  /**
   * Registers an interaction handler (see {@link InteractiveMatcher}). Handlers run in
   * registration order; for a `view_submission` the first one that returns a response
   * decides the answer. Returns a function that unregisters it.
   */
  registerInteractiveHandler(matcher: InteractiveMatcher, handler: InteractiveHandler): () => void {
    const registration = { matcher, handler };
    this.#interactive.push(registration);
    return () => {
      const index = this.#interactive.indexOf(registration);
      if (index !== -1) this.#interactive.splice(index, 1);
    };
  }

  /** The handler of a command, if any. */
  commandHandler(command: string): SlashCommandHandler | undefined {
    return this.#commands.get(normalizeCommandName(command));
  }

  /** Every handler an interaction matches, in registration order. */
  interactiveHandlers(payload: InteractionPayload): MatchedInteractiveHandler[] {
    const matched: MatchedInteractiveHandler[] = [];
    for (const { matcher, handler } of this.#interactive) {
      if (ACTION_TYPES.has(payload.type)) {
        const actions = actionsOf(payload);
        for (const action of actions) {
          if (matches(matcher, payload, action)) matched.push({ handler, action });
        }
        // A matcher by callback id also receives block actions inside its modal.
        if (
          typeof matcher === "object" &&
          !(matcher instanceof RegExp) &&
          matcher.callbackId !== undefined &&
          matcher.actionId === undefined &&
          typeAllowed(matcher.type, payload.type) &&
          test(matcher.callbackId, callbackIdOf(payload))
        ) {
          matched.push({ handler, action: actions[0] });
        }
      } else if (matches(matcher, payload, undefined)) {
        matched.push({ handler, action: undefined });
      }
    }
    return matched;
  }
}

function typeAllowed(
  allowed: InteractionType | readonly InteractionType[] | undefined,
  type: string,
): boolean {
  if (allowed === undefined) return true;
  return (typeof allowed === "string" ? [allowed] : allowed).includes(type);
}

function matches(
  matcher: InteractiveMatcher,
  payload: InteractionPayload,
  action: SlackBlockAction | undefined,
): boolean {
  if (typeof matcher === "string" || matcher instanceof RegExp) {
    return action ? test(matcher, actionIdOf(action)) : test(matcher, callbackIdOf(payload));
  }
  if (!typeAllowed(matcher.type, payload.type)) return false;
  if (action) {
    return (
      matcher.actionId !== undefined &&
      test(matcher.actionId, actionIdOf(action)) &&
      test(matcher.callbackId, callbackIdOf(payload))
    );
  }
  return (
    matcher.actionId === undefined &&
    (matcher.callbackId !== undefined || matcher.type !== undefined) &&
    test(matcher.callbackId, callbackIdOf(payload))
  );
}
