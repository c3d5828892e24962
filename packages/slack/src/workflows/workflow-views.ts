import type { InputBlock, KnownBlock, ModalView, PlainTextElement } from "@slack/web-api";
import { truncateText } from "../blocks/mrkdwn";
import { SLACK_LIMITS } from "../blocks/slack-limits";
import type { SlackViewStateValue } from "../webhooks/slack-payloads";
import { encodeWorkflowMetadata } from "./workflow-metadata";
import type {
  WorkflowInput,
  WorkflowSession,
  WorkflowTemplate,
  WorkflowValue,
  WorkflowValues,
} from "./workflow-types";

/** Prefix of the `callback_id` of every workflow modal: `contexten_workflow:<type>`. */
export const WORKFLOW_CALLBACK_PREFIX = "contexten_workflow:";

function plain(text: string, max: number): PlainTextElement {
  return { type: "plain_text", text: truncateText(text, max), emoji: true };
}

function initialOf(input: WorkflowInput, session: WorkflowSession, stepId: string): WorkflowValue {
  const submitted = session.values[stepId]?.[input.id];
  if (submitted !== undefined) return submitted;
  return typeof input.initial === "function" ? input.initial(session) : input.initial;
}

function first(value: WorkflowValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function element(input: WorkflowInput, initial: WorkflowValue): InputBlock["element"] {
  const actionId = input.id;
  const placeholder = input.placeholder
    ? { placeholder: plain(input.placeholder, SLACK_LIMITS.placeholder) }
    : {};
  const options = (input.options ?? []).map((option) => ({
    value: option.value,
    text: plain(option.label, SLACK_LIMITS.optionText),
  }));
  const chosen = (values: string[]) => options.filter((option) => values.includes(option.value));
  const text = first(initial);
  switch (input.type ?? "text") {
    case "select": {
      const [selected] = chosen(text === undefined ? [] : [text]);
      return {
        type: "static_select",
        action_id: actionId,
        options,
        ...placeholder,
        ...(selected ? { initial_option: selected } : {}),
      };
    }
    case "multiselect": {
      const selected = chosen(Array.isArray(initial) ? initial : text === undefined ? [] : [text]);
      return {
        type: "multi_static_select",
        action_id: actionId,
        options,
        ...placeholder,
        ...(selected.length > 0 ? { initial_options: selected } : {}),
      };
    }
    case "date":
      return {
        type: "datepicker",
        action_id: actionId,
        ...placeholder,
        ...(text ? { initial_date: text } : {}),
      };
    case "user":
      return {
        type: "users_select",
        action_id: actionId,
        ...placeholder,
        ...(text ? { initial_user: text } : {}),
      };
    case "channel":
      return {
        type: "channels_select",
        action_id: actionId,
        ...placeholder,
        ...(text ? { initial_channel: text } : {}),
      };
    case "number":
      return {
        type: "number_input",
        action_id: actionId,
        is_decimal_allowed: true,
        ...placeholder,
        ...(text ? { initial_value: text } : {}),
      };
    case "url":
      return {
        type: "url_text_input",
        action_id: actionId,
        ...placeholder,
        ...(text ? { initial_value: text } : {}),
      };
    case "email":
      return {
        type: "email_text_input",
        action_id: actionId,
        ...placeholder,
        ...(text ? { initial_value: text } : {}),
      };
    default:
      return {
        type: "plain_text_input",
        action_id: actionId,
        multiline: input.type === "multiline",
        ...placeholder,
        ...(input.maxLength ? { max_length: input.maxLength } : {}),
        ...(text ? { initial_value: text } : {}),
      };
  }
}

/** The input block of one workflow input; its id is the block id and the action id. */
export function inputBlock(input: WorkflowInput, initial: WorkflowValue): InputBlock {
  return {
    type: "input",
    block_id: input.id,
    optional: input.required === false,
    label: plain(input.label, SLACK_LIMITS.inputLabel),
    element: element(input, initial),
    ...(input.hint ? { hint: plain(input.hint, SLACK_LIMITS.inputHint) } : {}),
  };
}

/**
 * The modal of a session's current step: a step counter, the step's description, one
 * input block per input (pre-filled from earlier answers or the input's `initial`), Next or
 * Submit and Cancel, `notify_on_close` (so closing cancels the session), and the session in
 * `private_metadata`.
 */
export function buildStepView(template: WorkflowTemplate, session: WorkflowSession): ModalView {
  const step = template.steps[session.stepIndex]!;
  const last = session.stepIndex === template.steps.length - 1;
  const blocks: KnownBlock[] = [];
  if (template.steps.length > 1) {
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", text: `Step ${session.stepIndex + 1} of ${template.steps.length}` },
      ],
    });
  }
  if (step.description)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: step.description } });
  for (const input of step.inputs)
    blocks.push(inputBlock(input, initialOf(input, session, step.id)));
  return {
    type: "modal",
    callback_id: `${WORKFLOW_CALLBACK_PREFIX}${template.type}`,
    title: plain(step.title ?? template.title, SLACK_LIMITS.modalTitle),
    submit: plain(step.submitLabel ?? (last ? "Submit" : "Next"), SLACK_LIMITS.modalTitle),
    close: plain("Cancel", SLACK_LIMITS.modalTitle),
    notify_on_close: true,
    private_metadata: encodeWorkflowMetadata({
      sessionId: session.id,
      workflowType: template.type,
      stepId: step.id,
    }),
    blocks,
  };
}

/** A modal that only shows a message (working, done, failed, expired), with a Close button. */
export function messageView(
  template: WorkflowTemplate,
  session: WorkflowSession,
  text: string,
): ModalView {
  return {
    type: "modal",
    callback_id: `${WORKFLOW_CALLBACK_PREFIX}${template.type}`,
    title: plain(template.title, SLACK_LIMITS.modalTitle),
    close: plain("Close", SLACK_LIMITS.modalTitle),
    private_metadata: encodeWorkflowMetadata({
      sessionId: session.id,
      workflowType: template.type,
      stepId: "",
    }),
    blocks: [
      {
        type: "section",
        text: { type: "mrkdwn", text: truncateText(text, SLACK_LIMITS.sectionText) },
      },
    ],
  };
}

/** One input's submitted value, whatever its element type. */
export function readStateValue(value: SlackViewStateValue | undefined): WorkflowValue {
  if (!value) return undefined;
  if (value.selected_options) return value.selected_options.map((option) => option.value);
  if (value.selected_users) return value.selected_users;
  const single =
    value.value ??
    value.selected_option?.value ??
    value.selected_date ??
    value.selected_time ??
    value.selected_user ??
    value.selected_channel ??
    value.selected_conversation;
  return single === null || single === undefined || single === "" ? undefined : single;
}

/**
 * A view's submitted `state.values` as `{ inputId: value }`: each block's first action
 * (contexten's inputs use the same id for both).
 */
export function readViewValues(
  state: Record<string, Record<string, SlackViewStateValue>> | undefined,
): WorkflowValues {
  const values: WorkflowValues = {};
  for (const [blockId, actions] of Object.entries(state ?? {})) {
    values[blockId] = readStateValue(actions[blockId] ?? Object.values(actions)[0]);
  }
  return values;
}
