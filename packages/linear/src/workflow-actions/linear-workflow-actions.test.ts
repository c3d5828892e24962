import { createTestActionContext } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinearClient } from "../client/linear-client";
import { createLinearIssueTracker, type LinearIssueTracker } from "../issues/linear-issue-tracker";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "../testing/index";
import { linearIssueId, linearWorkflowActions } from "./linear-workflow-actions";

let fake: FakeLinearServer;
let tracker: LinearIssueTracker;
const action = (name: string) => linearWorkflowActions(tracker).find((item) => item.name === name)!;

beforeEach(async () => {
  fake = await startFakeLinearServer({
    seed: {
      teams: [{ key: "ENG", name: "Engineering" }],
      labels: [{ name: "Bug" }],
      users: [{ name: "Ada Lovelace", email: "ada@acme.test", displayName: "ada" }],
    },
  });
  const client = createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: fake.apiUrl, env: {} });
  tracker = createLinearIssueTracker({ client, defaultTeam: "ENG" });
});

afterEach(() => fake.close());

describe("linearWorkflowActions", () => {
  it("creates an issue with an id of the step's choosing, once, however often the step runs", async () => {
    const create = action("linear.createIssue");
    const input = create.input.parse({ title: "Flaky deploy", labels: ["Bug"], priority: "high" });
    const context = createTestActionContext({ runId: "run-1", stepId: "file" });
    const first = await create.run(input, context);
    const again = await create.run(input, { ...context, attempt: 2 });
    expect(first).toMatchObject({ id: linearIssueId("run-1:file"), key: "ENG-1", reused: false });
    expect(again).toEqual({ ...(first as object), reused: true });
    await create.run(input, createTestActionContext({ runId: "run-2", stepId: "file" }));
    expect(fake.state.issues.map((issue) => issue.identifier)).toEqual(["ENG-1", "ENG-2"]);
  });

  it("updates an issue by identifier and attaches a pull request idempotently", async () => {
    const created = await tracker.createIssue({ title: "Login fails" });
    const update = action("linear.updateIssue");
    const updated = await update.run(
      update.input.parse({ issue: created.key, status: "in_progress", assignee: "ada" }),
      createTestActionContext(),
    );
    expect(updated).toMatchObject({ key: created.key, status: "in_progress" });
    const attach = action("linear.attachPullRequest");
    const input = attach.input.parse({
      issue: created.key,
      url: "https://github.com/acme/api/pull/42",
    });
    const link = await attach.run(input, createTestActionContext());
    await attach.run(input, { ...createTestActionContext(), attempt: 2 });
    expect(link).toMatchObject({
      attachments: [
        { issue: created.key, url: "https://github.com/acme/api/pull/42", kind: "github_pr" },
      ],
    });
    const second = await tracker.createIssue({ title: "Logout fails" });
    await attach.run(
      attach.input.parse({
        issues: [created.key, second.key],
        url: "https://github.com/acme/api/pull/43",
      }),
      createTestActionContext(),
    );
    expect(fake.state.attachments.filter((item) => item.url.endsWith("/pull/43"))).toHaveLength(2);
    expect(attach.input.safeParse({ url: "https://github.com/acme/api/pull/1" }).success).toBe(
      false,
    );
    expect(fake.state.attachments.filter((item) => item.url.endsWith("/pull/42"))).toHaveLength(1);
    expect(attach.input.safeParse({ issue: "ENG-1", url: "not a url" }).success).toBe(false);
  });
});
