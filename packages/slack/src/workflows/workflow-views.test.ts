import { describe, expect, it } from "vitest";
import { checkBlocks } from "../testing/check-blocks";
import { viewStateValues } from "../testing/view-payloads";
import { readWorkflowMetadata } from "./workflow-metadata";
import type { WorkflowSession, WorkflowTemplate } from "./workflow-types";
import { buildStepView, readViewValues } from "./workflow-views";

const template: WorkflowTemplate = {
  type: "everything",
  title: "Every input type of a modal",
  steps: [
    {
      id: "all",
      description: "*Fill in* everything",
      inputs: [
        { id: "text", label: "Text", placeholder: "p".repeat(200), maxLength: 50 },
        { id: "multiline", label: "Multiline", type: "multiline", required: false },
        { id: "number", label: "Number", type: "number", initial: "3" },
        { id: "url", label: "URL", type: "url" },
        { id: "email", label: "Email", type: "email" },
        {
          id: "select",
          label: "Select",
          type: "select",
          options: [
            { value: "a", label: "A" },
            { value: "b", label: "B" },
          ],
          initial: "b",
        },
        {
          id: "multiselect",
          label: "Multi",
          type: "multiselect",
          options: [
            { value: "x", label: "X" },
            { value: "y", label: "Y" },
          ],
          initial: ["x", "y"],
        },
        { id: "date", label: "Date", type: "date", initial: "2030-01-01" },
        { id: "user", label: "User", type: "user", initial: (session) => session.userId },
        { id: "channel", label: "Channel", type: "channel", hint: "Where to post" },
      ],
    },
    { id: "second", inputs: [{ id: "done", label: "Done" }] },
  ],
};

const session: WorkflowSession = {
  id: "s-1",
  workflowType: "everything",
  userId: "U1",
  status: "active",
  stepIndex: 0,
  values: {},
  context: {},
  createdAt: new Date(0),
  updatedAt: new Date(0),
  expiresAt: new Date(1),
};

describe("workflow step views", () => {
  it("renders each input type as its Block Kit element, within Slack's limits", () => {
    const view = buildStepView(template, session);
    expect(view.title.text).toBe("Every input type of a m…");
    expect(view.submit?.text).toBe("Next");
    expect(readWorkflowMetadata(view.private_metadata)).toEqual({
      sessionId: "s-1",
      workflowType: "everything",
      stepId: "all",
    });
    const inputs = view.blocks.filter((block) => block.type === "input") as unknown as {
      block_id: string;
      optional: boolean;
      element: Record<string, unknown>;
    }[];
    expect(inputs.map((block) => [block.block_id, block.element.type])).toEqual([
      ["text", "plain_text_input"],
      ["multiline", "plain_text_input"],
      ["number", "number_input"],
      ["url", "url_text_input"],
      ["email", "email_text_input"],
      ["select", "static_select"],
      ["multiselect", "multi_static_select"],
      ["date", "datepicker"],
      ["user", "users_select"],
      ["channel", "channels_select"],
    ]);
    expect(inputs.every((block) => block.element.action_id === block.block_id)).toBe(true);
    expect(inputs[1]!.optional).toBe(true);
    expect(inputs[0]!.element).toMatchObject({
      max_length: 50,
      placeholder: { text: expect.stringMatching(/…$/) },
    });
    expect((inputs[0]!.element.placeholder as { text: string }).text.length).toBe(150);
    expect(inputs[5]!.element.initial_option).toMatchObject({ value: "b" });
    expect(inputs[6]!.element.initial_options).toHaveLength(2);
    expect(inputs[8]!.element.initial_user).toBe("U1");
    expect(checkBlocks(view.blocks, 100)).toBeUndefined();
  });

  it("shows the last step with Submit and earlier answers pre-filled", () => {
    const back = buildStepView(template, {
      ...session,
      stepIndex: 1,
      values: { second: { done: "yes" } },
    });
    expect(back.submit?.text).toBe("Submit");
    expect(JSON.stringify(back.blocks)).toContain('"initial_value":"yes"');
    expect(JSON.stringify(back.blocks[0])).toContain("Step 2 of 2");
  });

  it("reads submitted values back, whatever the element", () => {
    const view = buildStepView(template, session) as unknown as Record<string, unknown>;
    const state = viewStateValues(view, {
      text: "hello",
      number: "4",
      select: "a",
      multiselect: ["y"],
      date: "2031-02-03",
      user: "U2",
      channel: "C9",
    });
    expect(readViewValues(state as never)).toEqual({
      text: "hello",
      multiline: undefined,
      number: "4",
      url: undefined,
      email: undefined,
      select: "a",
      multiselect: ["y"],
      date: "2031-02-03",
      user: "U2",
      channel: "C9",
    });
  });
});
