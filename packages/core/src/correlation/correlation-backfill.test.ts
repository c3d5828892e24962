import { describe, expect, it, vi } from "vitest";
import type { CorrelationSkippedInfo } from "../contracts/instrumentation";
import { createEventBus } from "../events/event-bus";
import { event, minutes, ref, setup } from "./__fixtures__/engine-fixtures";
import { groupId } from "./link-id";

const DAY = 24 * 60;

/** An issue and a PR closing it, `gapDays` apart, starting `startDay` days after T0. */
function issueAndPr(startDay: number, gapDays = 0) {
  return [
    event("issue", "linear.issue.created", startDay * DAY, { keys: ["linear:issue:ENG-1"] }),
    event("pr", "github.pull_request.opened", (startDay + gapDays) * DAY, {
      refs: [ref("linear:issue:ENG-1", "closes")],
    }),
  ];
}

describe("correlating events older than retention", () => {
  it("leaves them unlinked by default, and says so through instrumentation and the bus", async () => {
    const bus = createEventBus();
    const onBus: CorrelationSkippedInfo[] = [];
    bus.on("correlation-skipped", (info) => onBus.push(info));
    const onCorrelationSkipped = vi.fn();
    // Now is 400 days after the events: a replay of old payloads, say.
    const { engine } = setup({
      bus,
      instrumentation: { onCorrelationSkipped },
      clock: () => minutes(400 * DAY),
    });
    const [issue, pr] = issueAndPr(0);
    await engine.processEvent(issue!);
    const result = await engine.processEvent(pr!);
    expect(result.links).toEqual([]);
    expect(result.correlationId).toBe(groupId("pr"));

    const horizon = minutes(370 * DAY);
    const expected = [
      { reason: "event_too_old", eventId: "issue", count: 1, horizon },
      { reason: "event_too_old", eventId: "pr", count: 1, horizon },
      { reason: "candidates_too_old", eventId: "pr", count: 1, horizon },
    ];
    expect(onCorrelationSkipped.mock.calls.map(([info]) => info)).toEqual(expected);
    expect(onBus).toEqual(expected);
  });

  it("counts old candidates of a live event too, and stays quiet when nothing is left out", async () => {
    const onCorrelationSkipped = vi.fn();
    const { engine } = setup({
      instrumentation: { onCorrelationSkipped },
      clock: () => minutes(40 * DAY),
    });
    const [issue, pr] = issueAndPr(0, 40); // the PR is live, the issue 40 days old
    await engine.processEvent(issue!);
    onCorrelationSkipped.mockClear();
    expect((await engine.processEvent(pr!)).links).toEqual([]);
    expect(onCorrelationSkipped).toHaveBeenCalledExactlyOnceWith({
      reason: "candidates_too_old",
      eventId: "pr",
      count: 1,
      horizon: minutes(10 * DAY),
    });
    onCorrelationSkipped.mockClear();
    await engine.processEvent(event("other", "test.a.created", 40 * DAY, { keys: ["test:k:1"] }));
    expect(onCorrelationSkipped).not.toHaveBeenCalled();
  });

  it("correlates them with correlateOlderEvents, measuring age between the two events", async () => {
    const onCorrelationSkipped = vi.fn();
    const { engine } = setup({
      instrumentation: { onCorrelationSkipped },
      clock: () => minutes(400 * DAY),
      config: { correlateOlderEvents: true },
    });
    const [issue, pr] = issueAndPr(0, 3);
    await engine.processEvent(issue!);
    const result = await engine.processEvent(pr!);
    expect(result.newLinks).toMatchObject([{ rule: "linear_issue_to_github_pr", strength: 1 }]);
    expect(result.correlationId).toBe(groupId("issue"));
    expect(onCorrelationSkipped).not.toHaveBeenCalled();
  });

  it("links two events with correlateOlderEvents exactly when they are within retention of each other, in either order", async () => {
    for (const gapDays of [29, 31]) {
      for (const reverse of [false, true]) {
        const { engine, store } = setup({
          clock: () => minutes(400 * DAY),
          config: { correlateOlderEvents: true, eventRetentionDays: 30 },
        });
        const pair = issueAndPr(0, gapDays);
        for (const item of reverse ? pair.reverse() : pair) await engine.processEvent(item);
        const linked = (await store.linksOf("issue")).length > 0;
        expect({ gapDays, reverse, linked }).toEqual({ gapDays, reverse, linked: gapDays < 30 });
      }
    }
  });
});
