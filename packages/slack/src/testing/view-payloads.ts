import type { FakeSlackState, FakeSlackView } from "./fake-slack-state";

/** A JSON object. */
type Json = Record<string, unknown>;

/** An answer to one input: text, a chosen option value, or several. */
export type ViewAnswer = string | string[] | undefined;

function stateValue(element: Json, answer: ViewAnswer): Json {
  const type = String(element.type);
  const values = answer === undefined ? [] : Array.isArray(answer) ? answer : [answer];
  const option = (value: string) => {
    const options = (element.options as { value: string; text: unknown }[] | undefined) ?? [];
    const found = options.find((candidate) => candidate.value === value);
    return { value, text: found?.text ?? { type: "plain_text", text: value } };
  };
  switch (type) {
    case "static_select":
      return { type, selected_option: values[0] === undefined ? null : option(values[0]) };
    case "multi_static_select":
      return { type, selected_options: values.map(option) };
    case "datepicker":
      return { type, selected_date: values[0] ?? null };
    case "users_select":
      return { type, selected_user: values[0] ?? null };
    case "channels_select":
      return { type, selected_channel: values[0] ?? null };
    default:
      return { type, value: values[0] ?? null };
  }
}

/**
 * The `state.values` Slack sends for a view whose inputs were answered: one entry per
 * input block, shaped by its element type (`value`, `selected_option`, …); inputs without
 * an answer are sent empty, as Slack does.
 */
export function viewStateValues(
  view: Record<string, unknown>,
  answers: Record<string, ViewAnswer>,
): Record<string, Record<string, Record<string, unknown>>> {
  const values: Record<string, Record<string, Json>> = {};
  for (const block of (view.blocks as Json[] | undefined) ?? []) {
    if (block.type !== "input") continue;
    const element = block.element as Json;
    const blockId = String(block.block_id);
    values[blockId] = { [String(element.action_id)]: stateValue(element, answers[blockId]) };
  }
  return values;
}

/** Options of {@link createViewSubmissionPayload}. */
export interface ViewSubmissionPayloadOptions {
  /** The view as the fake holds it (from `state.views`). */
  view: FakeSlackView;
  /** Answers by input block id. */
  answers: Record<string, ViewAnswer>;
  /** Who submits; default `U0FAKEUSER`. */
  userId?: string | undefined;
  /** The submission's trigger id; default derived from the view and its version. */
  triggerId?: string | undefined;
  /** The fake workspace (team and app ids); defaults match a fresh fake. */
  state?: FakeSlackState | undefined;
}

function viewPayload(record: FakeSlackView, state: FakeSlackState | undefined): Json {
  return {
    ...record.view,
    id: record.id,
    team_id: state?.team.id ?? "T0FAKE001",
    hash: record.hash,
    root_view_id: record.rootViewId,
    app_id: state?.appId ?? "A0FAKEAPP",
    bot_id: state?.botId ?? "B0FAKEBOT",
  };
}

/**
 * A `view_submission` payload for a view the fake Slack holds, as Slack sends it when
 * the user presses Submit: the view (id, hash, `callback_id`, `private_metadata`) with
 * `state.values` built from `answers`. Sign it with `createInteractionRequest`.
 *
 * The view submitted is the one shown: after a `response_action: "update"`, pass the
 * updated view (`withView`) rather than the one the fake recorded at `views.open`.
 */
export function createViewSubmissionPayload(
  options: ViewSubmissionPayloadOptions,
): Record<string, unknown> {
  return {
    type: "view_submission",
    ...interactionBase(options),
    token: "fake-verification-token",
    trigger_id: options.triggerId ?? `${options.view.id}.${options.view.history.length}.submit`,
    view: {
      ...viewPayload(options.view, options.state),
      state: { values: viewStateValues(options.view.view, options.answers) },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** A `view_closed` payload (the user pressed Cancel on a view with `notify_on_close`). */
export function createViewClosedPayload(
  options: Omit<ViewSubmissionPayloadOptions, "answers" | "triggerId">,
): Record<string, unknown> {
  return {
    type: "view_closed",
    ...interactionBase(options),
    view: { ...viewPayload(options.view, options.state), state: { values: {} } },
    is_cleared: false,
  };
}

/** Team, user and app of an interaction payload from the fake workspace. */
function interactionBase(options: Pick<ViewSubmissionPayloadOptions, "userId" | "state">): Json {
  const userId = options.userId ?? "U0FAKEUSER";
  const team = options.state?.team ?? { id: "T0FAKE001", domain: "contexten-fake" };
  return {
    team: { id: team.id, domain: team.domain },
    user: { id: userId, username: "fake.user", name: "fake.user", team_id: team.id },
    api_app_id: options.state?.appId ?? "A0FAKEAPP",
  };
}

/** The same view record showing another view (what a `response_action: "update"` shows). */
export function withView(record: FakeSlackView, view: Record<string, unknown>): FakeSlackView {
  return { ...record, view, history: [...record.history, view] };
}
