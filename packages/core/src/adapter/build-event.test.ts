import { describe, expect, it } from "vitest";
import { deriveEventId } from "../events/derive-event-id";
import { boundCorrelationKey } from "../keys/bound-correlation-key";
import { correlatedEventSchema, type EventRef } from "../models/correlated-event";
import { parseFrozenJson } from "../sealing/json-text";
import { parseCorrelatedEvent } from "../sealing/seal-event";
import { buildEvent, type EventContext } from "./build-event";

const receivedAt = new Date("2030-01-01T09:00:00Z");
const payload = parseFrozenJson('{"action":"opened"}') as Record<string, unknown>;
const context: EventContext = { platform: "github", deliveryId: "d-1", receivedAt, payload };
const subject = { kind: "pull_request", id: "PR_1" };
const LONG_KEY = `url:https://example.com/${"a".repeat(2100)}`;

describe("buildEvent", () => {
  it("repairs what no store could keep, as sealEvent does, and notes it", () => {
    const dirty = parseFrozenJson('{"title":"a\\u0000b","x":"\\ud800"}') as Record<string, unknown>;
    const event = buildEvent({ ...context, payload: dirty }, 0, {
      type: "github.pull_request.opened",
      subject: { ...subject, title: "bad\u0000title" },
    });
    expect(event.subject.title).toBe("bad\ufffdtitle");
    expect(event.payload).toEqual({ title: "a\ufffdb", x: "\ufffd" });
    expect(event.notes?.length).toBeGreaterThan(0);
    expect(parseCorrelatedEvent(event)).toBe(event);
  });

  it("derives the id from platform, delivery and index, as stored events always had", () => {
    const event = buildEvent(context, 0, { type: "github.pull_request.opened", subject });
    expect(event.id).toBe(deriveEventId("github", "d-1", 0));
    // Pinned: these ids are stored; a change here would duplicate every redelivered event.
    const ids = [
      buildEvent({ ...context, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, 0, {
        type: "github.push",
        subject,
      }).id,
      buildEvent({ ...context, platform: "slack", deliveryId: "Ev0PV52K21" }, 0, {
        type: "slack.message.sent",
        subject,
      }).id,
      buildEvent({ ...context, platform: "linear", deliveryId: "delivery-1" }, 1, {
        type: "linear.issue.status_changed",
        subject,
      }).id,
    ];
    expect(ids).toEqual([
      "56868d39-e539-8036-8ae2-7cac643eed4c",
      "51b01b83-484e-8c94-a651-087079bab31b",
      "1c4502d4-3357-8215-b360-8890b4022da7",
    ]);
  });

  it("seals a valid event with the delivery's payload and null links", () => {
    const event = buildEvent(context, 0, { type: "github.pull_request.opened", subject });
    expect(Object.isFrozen(event)).toBe(true);
    expect(parseCorrelatedEvent(event)).toBe(event);
    expect(correlatedEventSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      platform: "github",
      deliveryId: "d-1",
      receivedAt,
      occurredAt: receivedAt,
      correlationId: null,
      parentEventId: null,
      workflowId: null,
    });
    expect(event.payload).toBe(payload);
  });

  it("dedupes keys, merges refs by strongest evidence and drops refs to its own keys", () => {
    const event = buildEvent(context, 0, {
      type: "github.pull_request.opened",
      subject,
      keys: ["github:pr:acme/api#1", undefined, "github:number:acme/api#1", "github:pr:acme/api#1"],
      refs: [
        { key: "linear:issue:ENG-1", evidence: "body", field: "body" },
        { key: "github:pr:acme/api#1", evidence: "url" },
        { key: "linear:issue:ENG-1", evidence: "closes", field: "body" },
        { key: "linear:issue:ENG-2", evidence: "title" },
      ],
    });
    expect(event.keys).toEqual(["github:pr:acme/api#1", "github:number:acme/api#1"]);
    expect(event.refs).toEqual([
      { key: "linear:issue:ENG-1", evidence: "closes", field: "body" },
      { key: "linear:issue:ENG-2", evidence: "title" },
    ]);
  });

  it("bounds long keys, drops keys and refs that are still invalid, never throwing", () => {
    const refs = [
      { key: LONG_KEY, evidence: "url" },
      { key: "github:branch:acme/api:two words", evidence: "branch" },
      { key: "linear:issue:ENG-3", evidence: "guess" },
      { key: 42, evidence: "body" },
      null,
      "linear:issue:ENG-4",
      { key: "linear:issue:ENG-5", evidence: "body", field: 7, excerpt: "x".repeat(600) },
    ] as unknown as EventRef[];
    const event = buildEvent(context, 0, {
      type: "github.pull_request.opened",
      subject,
      keys: [LONG_KEY, "no-namespace", "Upper:case", "", "git:sha7:abcdef0", 42 as never],
      refs,
    });
    expect(event.keys).toEqual([boundCorrelationKey(LONG_KEY), "git:sha7:abcdef0"]);
    // The long URL is one of the event's own keys (bounded alike), so its ref is dropped.
    expect(event.refs).toEqual([
      { key: "github:branch:acme/api:two%20words", evidence: "branch" },
      { key: "linear:issue:ENG-5", evidence: "body", excerpt: "x".repeat(500) },
    ]);
  });

  it("keeps the subject valid: drops bad fields, falls back for kind and id", () => {
    const event = buildEvent(context, 0, {
      type: "github.pull_request.opened",
      subject: {
        kind: "",
        id: 7 as never,
        key: ["x"] as never,
        url: "not a url",
        title: null as never,
      },
    });
    expect(event.subject).toEqual({ kind: "unknown", id: "d-1" });
    const linked = buildEvent(context, 0, {
      type: "github.pull_request.opened",
      subject: { ...subject, url: "https://github.com/acme/api/pull/1", title: "Fix" },
    });
    expect(linked.subject).toEqual({
      ...subject,
      url: "https://github.com/acme/api/pull/1",
      title: "Fix",
    });
  });

  it("replaces an invalid type and takes the first valid time", () => {
    const event = buildEvent(context, 2, {
      type: "github.Pull Request.opened",
      subject,
      occurredAt: [null, "soon", { at: 1 }, 8.64e15, "2019-05-15T15:20:33Z", 0],
      workflowId: "",
    });
    expect(event.type).toBe("github.unknown");
    expect(event.occurredAt.toISOString()).toBe("2019-05-15T15:20:33.000Z");
    expect(event.workflowId).toBeNull();
    expect(event.id).toBe(deriveEventId("github", "d-1", 2));
  });

  it("uses the payload and workflow the parts name", () => {
    const own = { derived: true };
    const event = buildEvent(context, 0, {
      type: "slack.interaction.block_actions",
      subject,
      payload: own,
      workflowId: "run-1",
    });
    expect(event.payload).toBe(own);
    expect(event.workflowId).toBe("run-1");
  });
});
