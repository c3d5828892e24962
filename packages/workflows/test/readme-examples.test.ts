import { readFile } from "node:fs/promises";
import { MemoryEventStore, MemoryWorkflowStore } from "@contexten/core";
import { createGitHubClient, githubWorkflowActions } from "@contexten/github";
import {
  createLinearClient,
  createLinearIssueTracker,
  linearWorkflowActions,
} from "@contexten/linear";
import { createSlackClient, slackWorkflowActions } from "@contexten/slack";
import { describe, expect, it } from "vitest";
import { createMemoryRuntime, createWorkflowEngine } from "../src/index";

// The README's JSON workflow must be one the engine accepts, with the adapters' actions.
describe("the README's workflow in JSON", () => {
  it("registers as written", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks).toHaveLength(1);
    const engine = createWorkflowEngine({
      store: new MemoryWorkflowStore(),
      events: new MemoryEventStore(),
      runtime: createMemoryRuntime(),
      actions: [
        ...githubWorkflowActions(createGitHubClient({ token: "t", env: {} })),
        ...slackWorkflowActions(createSlackClient({ botToken: "xoxb-test", env: {} })),
        ...linearWorkflowActions(
          createLinearIssueTracker({
            client: createLinearClient({ apiKey: "lin_api_test", env: {} }),
          }),
        ),
      ],
    });
    const definition = engine.register(JSON.parse(blocks[0]!));
    expect(definition.steps.map((step) => step.action)).toEqual([
      "linear.createIssue",
      "slack.requestApproval",
      "github.triggerWorkflow",
      "contexten.awaitEvent",
      "linear.updateIssue",
    ]);
  });
});
