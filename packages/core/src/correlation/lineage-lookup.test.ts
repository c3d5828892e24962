import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors/not-found-error";
import { ValidationError } from "../errors/validation-error";
import { MemoryEventStore } from "../store/memory-event-store";
import { event, ref } from "./__fixtures__/engine-fixtures";
import { loginStory, storyInOrder } from "./__fixtures__/story-events";
import { CorrelationEngine } from "./correlation-engine";

async function storyEngine(store = new MemoryEventStore()) {
  const engine = new CorrelationEngine({
    store,
    clock: () => new Date("2026-03-03T00:00:00.000Z"),
  });
  const story = loginStory();
  for (const item of storyInOrder(story)) await engine.processEvent(item);
  return { engine, story, store };
}

const idsOf = (lineage: { rootEvent: { id: string }; relatedEvents: { id: string }[] }) =>
  [lineage.rootEvent, ...lineage.relatedEvents].map((event) => event.id).sort();

describe("lineage of an unknown event", () => {
  it("throws NotFoundError with status 404 for web frameworks' error handlers", async () => {
    const { engine } = await storyEngine();
    const error = await engine.getEventLineage("no-such-event").catch((caught) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, statusCode: 404, code: "not_found" });
    expect(error.toJSON()).toEqual({
      name: "NotFoundError",
      code: "not_found",
      message: 'event "no-such-event" was not found',
      entity: "event",
      id: "no-such-event",
      status: 404,
    });
  });
});

describe("lineage without payloads", () => {
  it("leaves every payload out on request, whether or not the store can", async () => {
    const { engine, story } = await storyEngine();
    const whole = await engine.getEventLineage(story.prOpened.id);
    expect(whole.rootEvent.payload).toEqual(story.prOpened.payload);
    expect(whole.relatedEvents.every((event) => Object.keys(event.payload).length > 0)).toBe(true);
    const lean = await engine.getEventLineage(story.prOpened.id, { payload: false });
    expect([lean.rootEvent, ...lean.relatedEvents].map((event) => event.payload)).toEqual(
      Array(whole.relatedEvents.length + 1).fill({}),
    );
    expect({ ...lean, rootEvent: null, relatedEvents: null }).toEqual({
      ...whole,
      rootEvent: null,
      relatedEvents: null,
    });
    expect(idsOf(lean)).toEqual(idsOf(whole));

    // A store that ignores the option (it may): the engine leaves payloads out itself.
    const deaf = new MemoryEventStore();
    const lineage = deaf.lineage.bind(deaf);
    deaf.lineage = (id, options) => lineage(id, { ...options, payload: true });
    const { engine: other } = await storyEngine(deaf);
    const stripped = await other.getEventLineage(story.prOpened.id, { payload: false });
    expect(stripped.relatedEvents.map((event) => event.payload)).toEqual(
      Array(whole.relatedEvents.length).fill({}),
    );
  });
});

describe("lineage by key and by reference", () => {
  it("finds the newest event that is the key, else one that mentions it", async () => {
    const { engine, story } = await storyEngine();
    const byPr = await engine.getLineageByKey("github:pr:acme/api#42");
    expect(byPr?.rootEvent.id).toBe(story.prMerged.id); // newer than the opened PR
    expect(idsOf(byPr!)).toEqual(
      storyInOrder(story)
        .map((event) => event.id)
        .sort(),
    );
    const bySha = await engine.getLineageByKey("git:sha7:4f2a9c1");
    expect(bySha?.rootEvent.id).toBe(story.push.id); // the push is the head commit
    // A key no event is, only mentioned: the newest event mentioning it.
    await engine.processEvent(
      event("note", "test.note.created", 0, { refs: [ref("linear:issue:ENG-555")] }),
    );
    expect((await engine.getLineageByKey("linear:issue:ENG-555"))?.rootEvent.id).toBe("note");
    expect(await engine.getLineageByKey("linear:issue:ENG-999")).toBeUndefined();
    await expect(engine.getLineageByKey("  ")).rejects.toSatisfy(ValidationError.isInstance);
  });

  it("turns what people type into keys: ENG-123, owner/repo#42, URLs", async () => {
    const { engine, story } = await storyEngine();
    const root = async (reference: string) =>
      (await engine.getLineageByReference(reference, { maxDepth: 1, payload: false }))?.rootEvent
        .id;
    expect(await root("ENG-123")).toBe(story.issueCreated.id);
    expect(await root("eng-123")).toBe(story.issueCreated.id);
    expect(await root("https://linear.app/acme/issue/ENG-123/fix-login")).toBe(
      story.issueCreated.id,
    );
    expect(await root("acme/api#42")).toBe(story.prMerged.id);
    expect(await root("https://github.com/acme/api/pull/42")).toBe(story.prMerged.id);
    expect(await root("linear:issue:ENG-123")).toBe(story.issueCreated.id);
    expect(await root("ENG-999")).toBeUndefined();
    const lineage = await engine.getLineageByReference("ENG-123", { maxDepth: 1 });
    expect(lineage?.truncated).toBe(true);
    await expect(engine.getLineageByReference("hello world")).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });
});
