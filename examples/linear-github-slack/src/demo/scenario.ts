import { createGitHubWebhookRequest } from "@contexten/github/testing";
import { createLinearWebhookRequest, fakeIssueWebhookPayload } from "@contexten/linear/testing";
import { createSlackEventRequest } from "@contexten/slack/testing";
import { DEMO_CAST, DEMO_CHANNEL, DEMO_SECRETS, type DemoEnvironment } from "./demo-environment";
import {
  branchCreated,
  branchPushed,
  checkRunCompleted,
  pullRequestMerged,
  pullRequestOpened,
  reviewApproved,
} from "./github-payloads";

/** One webhook of the story. */
export interface ScenarioStep {
  /** Which platform sends it. */
  platform: "github" | "slack" | "linear";
  /** What happens, for people: `PR opened "Fix login redirect loop"`. */
  title: string;
  /** Builds the signed request (late, because some steps need what earlier ones caused). */
  request(environment: DemoEnvironment, baseUrl: string): Promise<Request> | Request;
}

const PR_TITLE = "Fix login redirect loop";
const PR_BODY =
  "Fixes ENG-123.\n\nThe SSO callback kept the original `/login` target, so users bounced back to the login page. We now keep the page they asked for.";
const PR_URL = `https://github.com/${DEMO_CAST.repository}/pull/${DEMO_CAST.number}`;

/** Story time: the first step happened this long ago, each later one a little after. */
const STORY_START_MS = 40 * 60_000;
const STEP_MS = 4 * 60_000;

function storyTime(step: number): Date {
  return new Date(Date.now() - STORY_START_MS + step * STEP_MS);
}

function webhookUrl(baseUrl: string, platform: string): string {
  return `${baseUrl}/api/v1/integrations/${platform}/webhook`;
}

let deliveryCounter = 0;
function nextDeliveryId(): string {
  deliveryCounter += 1;
  return `${crypto.randomUUID().slice(0, 24)}${String(deliveryCounter).padStart(12, "0")}`;
}

function github(
  step: number,
  event: string,
  title: string,
  payload: (at: Date) => unknown,
): ScenarioStep {
  const deliveryId = nextDeliveryId();
  return {
    platform: "github",
    title,
    request: (_environment, baseUrl) =>
      createGitHubWebhookRequest({
        secret: DEMO_SECRETS.github,
        event,
        payload: payload(storyTime(step)),
        deliveryId,
        url: webhookUrl(baseUrl, "github"),
      }),
  };
}

function linearIssue(
  step: number,
  title: string,
  action: "create" | "update",
  change?: (environment: DemoEnvironment) => Record<string, unknown>,
): ScenarioStep {
  const deliveryId = crypto.randomUUID();
  let body: Record<string, unknown> | undefined;
  return {
    platform: "linear",
    title,
    request: (environment, baseUrl) => {
      // Built once, so a replay sends the same delivery (Linear redelivers the same body).
      if (!body) {
        const updatedFrom = change?.(environment);
        body = fakeIssueWebhookPayload(environment.fakes.linear.state, "ENG-123", {
          action,
          ...(updatedFrom ? { updatedFrom } : {}),
        });
        const at = storyTime(step).toISOString();
        body.createdAt = at;
        const data = body.data as Record<string, unknown>;
        if (action === "create") data.createdAt = at;
        data.updatedAt = at;
      }
      return createLinearWebhookRequest({
        payload: body,
        secret: DEMO_SECRETS.linear,
        deliveryId,
        url: webhookUrl(baseUrl, "linear"),
      });
    },
  };
}

function slackMessage(
  step: number,
  title: string,
  user: string,
  text: string,
  inThread: (environment: DemoEnvironment) => string | undefined,
): ScenarioStep {
  let event: Record<string, unknown> | undefined;
  return {
    platform: "slack",
    title,
    request: (environment, baseUrl) => {
      if (!event) {
        const ts = `${Math.floor(storyTime(step).getTime() / 1000)}.000${String(step).padStart(3, "0")}`;
        const threadTs = inThread(environment);
        event = {
          type: "message",
          channel: DEMO_CHANNEL.id,
          channel_type: "channel",
          user,
          text,
          ts,
          event_ts: ts,
          team: "T0FAKE001",
          ...(threadTs ? { thread_ts: threadTs } : {}),
        };
      }
      return createSlackEventRequest({
        signingSecret: DEMO_SECRETS.slack,
        event: event as Parameters<typeof createSlackEventRequest>[0]["event"],
        url: webhookUrl(baseUrl, "slack"),
      });
    },
  };
}

/** The notification the service posted for the PR: the thread people reply in. */
function notificationThread(environment: DemoEnvironment): string | undefined {
  return environment.fakes.slack.state
    .messages(DEMO_CHANNEL.id)
    .find((message) => message.text.includes(`#${DEMO_CAST.number}`))?.ts;
}

/**
 * The story the demo replays, as the platforms would send it: a Linear issue is filed,
 * a branch is pushed, a PR that fixes the issue opens, CI passes, a teammate asks about it
 * in Slack, the PR is approved and merged, Linear closes the issue, and the team
 * celebrates in the notification's thread.
 */
export function createDemoScenario(): ScenarioStep[] {
  const cast = DEMO_CAST;
  return [
    linearIssue(0, 'ENG-123 "Login redirects loop after SSO" created', "create"),
    github(1, "create", `branch ${cast.branch} created`, (at) => branchCreated(cast, at)),
    github(2, "push", `commit pushed to ${cast.branch}`, (at) =>
      branchPushed(cast, at, "Keep the requested page across the SSO callback\n\nRefs ENG-123"),
    ),
    github(3, "pull_request", `PR #${cast.number} "${PR_TITLE}" opened ("Fixes ENG-123")`, (at) =>
      pullRequestOpened(cast, at, PR_TITLE, PR_BODY),
    ),
    github(4, "check_run", `check "ci / test" passed on ${cast.headSha.slice(0, 7)}`, (at) =>
      checkRunCompleted(cast, at, "ci / test"),
    ),
    slackMessage(
      5,
      "#eng: “Is ENG-123 going out today?”",
      "U0MARGARET",
      "Is ENG-123 going out today? Customers keep asking.",
      () => undefined,
    ),
    github(6, "pull_request_review", `PR #${cast.number} approved by ${cast.reviewer}`, (at) =>
      reviewApproved(cast, at, PR_TITLE, PR_BODY, "Looks good, thanks for the test."),
    ),
    github(7, "pull_request", `PR #${cast.number} merged by ${cast.merger}`, (at) =>
      pullRequestMerged(cast, at, PR_TITLE, PR_BODY),
    ),
    linearIssue(8, "ENG-123 moved to Done", "update", (environment) => {
      const state = environment.fakes.linear.state;
      const issue = state.issue("ENG-123");
      const previous = issue.stateId;
      issue.stateId = state.state(issue.teamId, "Done").id;
      state.stampState(issue, state.now());
      return { stateId: previous, updatedAt: state.now() };
    }),
    slackMessage(
      9,
      "thread reply: “Shipped 🎉 <PR link>”",
      "U0MARGARET",
      `Shipped :tada: <${PR_URL}|${cast.repository}#${cast.number}>`,
      notificationThread,
    ),
  ];
}
