import { ValidationError } from "@contexten/core";
import { unifiedNotificationSchema } from "@contexten/core/schemas";
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { buildNotificationMessage, readHandback } from "./notification-blocks";
import { SLACK_LIMITS } from "./slack-limits";
import { STATUS_BLOCK_ID, withStatusBlock } from "./status-blocks";

const notification = (input: Parameters<typeof unifiedNotificationSchema.parse>[0]) =>
  unifiedNotificationSchema.parse(input);

const ofType = <Type extends KnownBlock["type"]>(blocks: KnownBlock[], type: Type) =>
  blocks.filter((block) => block.type === type) as Extract<KnownBlock, { type: Type }>[];

describe("buildNotificationMessage", () => {
  it("renders header, priority, message, fields and buttons", () => {
    const { text, blocks } = buildNotificationMessage(
      notification({
        title: "Deploy finished",
        message: "Version **1.2.3** is live.",
        priority: "critical",
        url: "https://ci.example.com/runs/7",
        fields: [{ label: "Service", value: "api" }],
        actions: [{ id: "rollback", label: "Roll back", style: "danger" }],
      }),
    );
    expect(blocks.map((block) => block.type)).toEqual([
      "header",
      "context",
      "section",
      "section",
      "actions",
    ]);
    expect(blocks[0]).toMatchObject({
      text: { type: "plain_text", text: ":rotating_light: Deploy finished" },
    });
    expect(JSON.stringify(blocks[1])).toContain("*Critical priority*");
    expect(JSON.stringify(blocks[1])).toContain("<https://ci.example.com/runs/7|Open>");
    expect((blocks[2] as SectionBlock).text?.text).toBe("Version *1.2.3* is live.");
    expect((blocks[3] as SectionBlock).fields).toEqual([
      { type: "mrkdwn", text: "*Service*\napi" },
    ]);
    expect((blocks[4] as ActionsBlock).elements[0]).toMatchObject({
      type: "button",
      action_id: "rollback",
      style: "danger",
    });
    expect(text).toBe(":rotating_light: [Critical] Deploy finished: Version 1.2.3 is live.");
  });

  it("escapes every input so nothing becomes a mention or a link", () => {
    const { text, blocks } = buildNotificationMessage(
      notification({
        title: "<!channel> alert",
        message: "x <!here> & <https://evil.test|click>",
        fields: [{ label: "<@U1>", value: "a > b" }],
      }),
    );
    // The header is plain_text, which Slack never parses for mentions or links.
    expect(blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    const json = JSON.stringify(blocks.slice(1));
    expect(json).not.toMatch(/<!(here|channel)>|<@U1>|<https:\/\/evil/);
    expect(json).toContain("&lt;!here&gt; &amp; &lt;https://evil.test|click&gt;");
    expect(json).toContain("*&lt;@U1&gt;*\\na &gt; b");
    expect(text).toContain("&lt;!channel&gt; alert");
  });

  it("cuts a long title to the header limit and repeats it whole in a section", () => {
    const title = "T".repeat(400);
    const { blocks } = buildNotificationMessage(notification({ title, message: "" }));
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(SLACK_LIMITS.headerText);
    expect((blocks[1] as SectionBlock).text?.text).toBe(`*${title}*`);
  });

  it("splits a long message into sections of at most 3,000 characters", () => {
    const paragraph = "lorem ipsum ".repeat(100).trim();
    const message = Array.from({ length: 10 }, () => paragraph).join("\n\n");
    const { blocks } = buildNotificationMessage(notification({ title: "Report", message }));
    const sections = ofType(blocks, "section");
    expect(sections.length).toBeGreaterThan(3);
    for (const section of sections) {
      expect(section.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(sections.map((section) => section.text!.text).join("\n\n")).toBe(message);
  });

  it("puts at most ten fields in a section and cuts field text at 2,000", () => {
    const fields = Array.from({ length: 23 }, (_, index) => ({
      label: `F${index}`,
      value: index === 0 ? "v".repeat(5000) : `v${index}`,
    }));
    const { blocks } = buildNotificationMessage(
      notification({ title: "Many", message: "", fields }),
    );
    const withFields = ofType(blocks, "section").filter((section) => section.fields);
    expect(withFields.map((section) => section.fields!.length)).toEqual([10, 10, 3]);
    for (const field of withFields.flatMap((section) => section.fields!)) {
      expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
  });

  it("never exceeds 50 blocks: the message is cut with a notice", () => {
    const message = Array.from({ length: 80 }, (_, index) => `${index} ${"z".repeat(2900)}`).join(
      "\n\n",
    );
    const { blocks } = buildNotificationMessage(
      notification({ title: "Huge", message, actions: [{ id: "ack", label: "Ack" }] }),
    );
    expect(blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    expect(blocks.at(-1)?.type).toBe("actions");
    expect(JSON.stringify(blocks.at(-2))).toMatch(/more characters were cut/);
  });

  it("refuses content that cannot fit in 50 blocks", () => {
    const fields = Array.from({ length: 500 }, (_, index) => ({ label: `F${index}`, value: "v" }));
    expect(() =>
      buildNotificationMessage(notification({ title: "Too many", message: "", fields })),
    ).toThrow(ValidationError);
  });

  it("puts at most 25 buttons in an actions block and keeps their order", () => {
    const actions = Array.from({ length: 30 }, (_, index) => ({
      id: `a${index}`,
      label: `A${index}`,
    }));
    const { blocks } = buildNotificationMessage(notification({ title: "Pick", message: "" }), {
      actions,
    });
    const rows = ofType(blocks, "actions");
    expect(rows.map((row) => row.elements.length)).toEqual([25, 5]);
    expect(rows.map((row) => row.block_id)).toEqual(["contexten_actions", "contexten_actions_2"]);
    expect(
      rows.flatMap((row) => row.elements.map((element) => (element as Button).action_id)),
    ).toEqual(actions.map((action) => action.id));
  });

  it("rejects duplicate action ids", () => {
    expect(() =>
      buildNotificationMessage(
        notification({ title: "Dup", message: "", actions: [{ id: "x", label: "X" }] }),
        { actions: [{ id: "x", label: "Again" }] },
      ),
    ).toThrow(/appears twice/);
  });

  it("hands the workflow id and context back through button values", () => {
    const { blocks } = buildNotificationMessage(notification({ title: "Approve?", message: "" }), {
      actions: [
        { id: "approve", label: "Approve", style: "primary" },
        { id: "reject", label: "Reject", style: "danger", value: "custom" },
      ],
      handback: { workflowId: "wf-1", context: { release: "1.2.3" } },
    });
    const [approve, reject] = ofType(blocks, "actions")[0]!.elements as Button[];
    expect(readHandback(approve!.value)).toEqual({
      workflowId: "wf-1",
      context: { release: "1.2.3" },
    });
    expect(reject!.value).toBe("custom");
    expect(readHandback("custom")).toBeUndefined();
    expect(readHandback('{"contexten":')).toBeUndefined();
  });

  it("refuses a handback that does not fit a button value", () => {
    expect(() =>
      buildNotificationMessage(notification({ title: "Big", message: "" }), {
        actions: [{ id: "go", label: "Go" }],
        handback: { context: { blob: "x".repeat(3000) } },
      }),
    ).toThrow(/2000/);
  });
});

describe("withStatusBlock", () => {
  it("appends a status line, then replaces it on the next update", () => {
    const { blocks } = buildNotificationMessage(notification({ title: "Deploy", message: "go" }));
    const running = withStatusBlock(blocks, { status: "running" });
    expect(running).toHaveLength(blocks.length + 1);
    expect(JSON.stringify(running.at(-1))).toContain("*Running*");
    const done = withStatusBlock(running, { status: "completed", text: "shipped <v2>" });
    expect(done).toHaveLength(running.length);
    const line = done.filter((block) => block.block_id === STATUS_BLOCK_ID);
    expect(line).toHaveLength(1);
    expect(JSON.stringify(line[0])).toContain(
      ":white_check_mark: *Completed* — shipped &lt;v2&gt;",
    );
  });

  it("stays within 50 blocks", () => {
    const full: KnownBlock[] = Array.from({ length: 50 }, () => ({ type: "divider" }));
    const updated = withStatusBlock(full, { status: "failed" });
    expect(updated).toHaveLength(50);
    expect(updated.at(-1)?.block_id).toBe(STATUS_BLOCK_ID);
  });
});
