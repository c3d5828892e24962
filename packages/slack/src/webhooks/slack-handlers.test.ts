import {
  ConfigurationError,
  type CorrelatedEvent,
  createWebhookHandler,
  type ErrorInfo,
  MemoryEventStore,
  ValidationError,
} from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createFakeSlackClient,
  createInteractionRequest,
  createSlashCommandRequest,
  type FakeSlackServer,
  startFakeSlackServer,
} from "../testing/index";
import blockActions from "./__fixtures__/interaction-block-actions.json";
import blockSuggestion from "./__fixtures__/interaction-block-suggestion.json";
import shortcut from "./__fixtures__/interaction-shortcut.json";
import viewClosed from "./__fixtures__/interaction-view-closed.json";
import viewSubmission from "./__fixtures__/interaction-view-submission.json";
import { SlackHandlerRegistry, type ViewSubmissionResponse } from "./slack-handlers";
import { type SlackWebhookSource, slackWebhooks } from "./slack-webhook-source";

const SECRET = "handler-secret";
const sign = { signingSecret: SECRET };

describe("slash command and interaction handlers", () => {
  let slack: FakeSlackServer;
  let source: SlackWebhookSource;
  let handler: ReturnType<typeof createWebhookHandler>;
  let errors: ErrorInfo[];

  beforeEach(async () => {
    slack = await startFakeSlackServer();
    errors = [];
    const client = createFakeSlackClient(slack);
    source = slackWebhooks({
      signingSecret: SECRET,
      client,
      instrumentation: { onError: (info) => errors.push(info) },
    });
    handler = createWebhookHandler({ sources: source, store: new MemoryEventStore() });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await slack.close();
  });

  const command = (text = "", name = "/deploy") =>
    handler(
      createSlashCommandRequest({
        ...sign,
        command: name,
        text,
        responseUrl: slack.state.createResponseUrl(),
      }),
    );

  it("a slash command handler's answer is the ephemeral reply; it gets the stored event", async () => {
    let seen: CorrelatedEvent | undefined;
    source.registerSlashCommand("/deploy", ({ command: fields, event }) => {
      seen = event;
      return { text: `Deploying *${fields.text}*…`, response_type: "in_channel" };
    });
    const response = await command("api");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      text: "Deploying *api*…",
      response_type: "in_channel",
    });
    expect(seen?.type).toBe("slack.command.deploy");

    source.registerSlashCommand("status", () => "All good");
    expect(await (await command("", "/STATUS")).json()).toEqual({
      response_type: "ephemeral",
      text: "All good",
    });
  });

  it("a command without a handler, or whose handler returns nothing, is acked empty", async () => {
    expect(await (await command("x", "/unknown")).text()).toBe("");
    source.registerSlashCommand("/quiet", () => undefined);
    expect(await (await command("x", "/quiet")).text()).toBe("");
  });

  it("respond() posts to the response_url through the client", async () => {
    source.registerSlashCommand("/deploy", async ({ respond }) => {
      await respond("step 1 done");
      await respond({ text: "step 2 done", response_type: "in_channel" });
    });
    await command("api");
    expect(slack.state.responseUrlPosts.map((post) => post.body)).toEqual([
      { text: "step 1 done" },
      { text: "step 2 done", response_type: "in_channel" },
    ]);
  });

  it("a failing command handler is reported and the user gets a short notice", async () => {
    source.registerSlashCommand("/deploy", () => {
      throw new Error("database is down");
    });
    const body = await (await command("api")).json();
    expect(body).toEqual({
      response_type: "ephemeral",
      text: ":warning: /deploy could not be completed. Please try again.",
    });
    expect(JSON.stringify(body)).not.toContain("database");
    expect(errors.map((info) => [info.phase, (info.error as Error).message])).toEqual([
      ["slack.handler", "database is down"],
    ]);
  });

  it("a handler that misses the deadline is acked empty in time, reported, and keeps running", async () => {
    vi.useFakeTimers();
    let finished = false;
    source.registerSlashCommand("/deploy", async () => {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      finished = true;
      return "too late";
    });
    const pending = command("api");
    await vi.advanceTimersByTimeAsync(2_000);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(errors[0]?.error).toMatchObject({ code: "ack_deadline_missed" });
    await vi.advanceTimersByTimeAsync(8_000);
    expect(finished).toBe(true);
  });

  it("refuses to register a command twice, and unregisters", async () => {
    const unregister = source.registerSlashCommand("/deploy", () => "one");
    expect(() => source.registerSlashCommand("/Deploy", () => "two")).toThrow(ConfigurationError);
    unregister();
    source.registerSlashCommand("/deploy", () => "two");
    expect(await (await command()).json()).toMatchObject({ text: "two" });
  });

  it("routes block actions by action_id (string or RegExp) and gives handlers the action", async () => {
    const seen: string[] = [];
    source.registerInteractiveHandler("WaXA", ({ action, payload }) => {
      seen.push(`exact:${action?.value}:${payload.user?.id}`);
    });
    source.registerInteractiveHandler(/^Wa/, ({ action }) => {
      seen.push(`regexp:${action?.action_id}`);
    });
    source.registerInteractiveHandler("other", () => {
      seen.push("other");
    });
    const response = await handler(createInteractionRequest({ ...sign, payload: blockActions }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(seen).toEqual(["exact:click_me_123:UA8RXUSPL", "regexp:WaXA"]);
  });

  it("a block action handler answers through respond() (the payload's response_url)", async () => {
    const responseUrl = slack.state.createResponseUrl("R-ACTIONS");
    source.registerInteractiveHandler({ actionId: "WaXA" }, ({ respond }) =>
      respond({ text: "Approved", replace_original: true }),
    );
    await handler(
      createInteractionRequest({
        ...sign,
        payload: { ...blockActions, response_url: responseUrl },
      }),
    );
    expect(slack.state.responsesTo("R-ACTIONS").map((post) => post.body)).toEqual([
      { text: "Approved", replace_original: true },
    ]);
  });

  it("view_submission handlers answer with response_action: errors, update, push or clear", async () => {
    const answers: ViewSubmissionResponse[] = [
      { response_action: "errors", errors: { "multi-line": "Please write more" } },
      {
        response_action: "update",
        view: { type: "modal", title: { type: "plain_text", text: "Step 2" }, blocks: [] },
      },
      {
        response_action: "push",
        view: { type: "modal", title: { type: "plain_text", text: "Details" }, blocks: [] },
      },
      { response_action: "clear" },
    ];
    let next = 0;
    source.registerInteractiveHandler(
      { callbackId: "modal-with-inputs", type: "view_submission" },
      ({ payload }) => {
        expect(payload.view?.state?.values["multi-line"]?.["ml-value"]?.value).toBe(
          "This is my example inputted value",
        );
        return answers[next++];
      },
    );
    for (const answer of answers) {
      const response = await handler(
        createInteractionRequest({
          ...sign,
          payload: { ...viewSubmission, trigger_id: `trigger-${next}` },
        }),
      );
      expect(await response.json()).toEqual(answer);
    }
  });

  it("block_suggestion handlers answer with the options of their external select", async () => {
    const typed: (string | undefined)[] = [];
    source.registerInteractiveHandler({ actionId: "other_select" }, () => ({ options: [] }));
    source.registerInteractiveHandler("linear_issue_select", ({ action, payload }) => {
      typed.push(action?.value);
      expect(payload.type).toBe("block_suggestion");
      return {
        options: ["ENG-123", "ENG-124"].map((key) => ({
          text: { type: "plain_text" as const, text: `${key} login` },
          value: key,
        })),
      };
    });
    const response = await handler(createInteractionRequest({ ...sign, payload: blockSuggestion }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      options: [
        { text: { type: "plain_text", text: "ENG-123 login" }, value: "ENG-123" },
        { text: { type: "plain_text", text: "ENG-124 login" }, value: "ENG-124" },
      ],
    });
    expect(typed).toEqual(["login"]);
    // A matcher by the modal's callback id gets the suggestion too, and groups are answers.
    source.registerInteractiveHandler(
      { callbackId: "link_issue", type: "block_suggestion" },
      () => ({
        option_groups: [],
      }),
    );
    const again = await handler(
      createInteractionRequest({ ...sign, payload: { ...blockSuggestion, action_id: "x" } }),
    );
    expect(await again.json()).toEqual({ option_groups: [] });
  });

  it("an answer from a handler of a block action is not sent back", async () => {
    source.registerInteractiveHandler("approve_request", () => ({ options: [] }));
    const response = await handler(createInteractionRequest({ ...sign, payload: blockActions }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("the first view_submission handler with an answer decides; later ones still run", async () => {
    const ran: string[] = [];
    source.registerInteractiveHandler("modal-with-inputs", () => {
      ran.push("first");
    });
    source.registerInteractiveHandler({ callbackId: /^modal-/ }, () => {
      ran.push("second");
      return { response_action: "clear" };
    });
    source.registerInteractiveHandler({ callbackId: "modal-with-inputs" }, () => {
      ran.push("third");
      return { response_action: "errors", errors: { x: "ignored" } };
    });
    const response = await handler(createInteractionRequest({ ...sign, payload: viewSubmission }));
    expect(await response.json()).toEqual({ response_action: "clear" });
    expect(ran).toEqual(["first", "second", "third"]);
  });

  it("routes view_closed and shortcuts by callback id and type", async () => {
    const seen: string[] = [];
    source.registerInteractiveHandler(
      { callbackId: "modal-with-inputs", type: "view_closed" },
      ({ payload }) => {
        seen.push(`closed:${payload.view?.id}`);
      },
    );
    source.registerInteractiveHandler(
      { callbackId: "modal-with-inputs", type: "view_submission" },
      () => {
        seen.push("submission (wrong)");
      },
    );
    source.registerInteractiveHandler("shortcut_create_task", ({ payload }) => {
      seen.push(`shortcut:${payload.trigger_id?.slice(0, 12)}`);
    });
    await handler(createInteractionRequest({ ...sign, payload: viewClosed }));
    await handler(createInteractionRequest({ ...sign, payload: shortcut }));
    expect(seen).toEqual(["closed:VNHU13V36", "shortcut:944799105734"]);
  });

  it("respond() without a response_url or without a client is a clear error", async () => {
    const failures: unknown[] = [];
    source.registerInteractiveHandler("modal-with-inputs", async ({ respond }) => {
      await respond("hi").catch((error: unknown) => failures.push(error));
    });
    await handler(createInteractionRequest({ ...sign, payload: viewSubmission }));
    expect(ValidationError.isInstance(failures[0])).toBe(true);

    const clientless = slackWebhooks({ signingSecret: SECRET });
    clientless.registerSlashCommand("/deploy", async ({ respond }) => {
      await respond("hi").catch((error: unknown) => failures.push(error));
    });
    await createWebhookHandler({ sources: clientless, store: new MemoryEventStore() })(
      createSlashCommandRequest({ ...sign, command: "/deploy" }),
    );
    expect(ConfigurationError.isInstance(failures[1])).toBe(true);
  });

  it("a shared registry serves several sources", async () => {
    const handlers = new SlackHandlerRegistry();
    handlers.registerSlashCommand("/ping", () => "pong");
    const first = slackWebhooks({ signingSecret: SECRET, handlers });
    const second = slackWebhooks({ signingSecret: "other", handlers });
    expect(first.handlers).toBe(second.handlers);
    const reply = await createWebhookHandler({ sources: second, store: new MemoryEventStore() })(
      createSlashCommandRequest({ signingSecret: "other", command: "/ping" }),
    );
    expect(await reply.json()).toEqual({ response_type: "ephemeral", text: "pong" });
  });
});
