import { createRequire } from "node:module";
import { createGitHubWebhookRequest } from "@contexten/github/testing";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

/** GitHub's published `pull_request.opened` example, renumbered, with a title that mentions `ENG-<number>`. */
export function pullRequestOpened(number: number): Record<string, unknown> {
  const found = examples
    .find((group) => group.name === "pull_request")
    ?.examples.find((payload) => payload.action === "opened");
  if (!found) throw new Error("@octokit/webhooks-examples has no pull_request.opened example");
  const payload = structuredClone(found);
  const pullRequest = payload.pull_request as Record<string, unknown>;
  Object.assign(pullRequest, {
    number,
    title: `Fix ENG-${number}: handle retries`,
    body: `Closes ENG-${number}`,
    html_url: `https://github.com/Codertocat/Hello-World/pull/${number}`,
  });
  Object.assign(pullRequest.head as object, { ref: `eng-${number}-fix` });
  payload.number = number;
  return payload;
}

/** A signed `pull_request.opened` delivery to `url`. */
export function pullRequestDelivery(url: string, secret: string, number: number): Request {
  return createGitHubWebhookRequest({
    secret,
    event: "pull_request",
    payload: pullRequestOpened(number),
    url,
    deliveryId: `delivery-${number}`,
  });
}
