import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionStore, StoredSession } from "../contracts/session-store";

/** Options for {@link runSessionStoreConformance}. */
export interface SessionStoreConformanceOptions<Session extends StoredSession> {
  /** Shown in the test names, e.g. `MemoryWorkflowSessionStore`. */
  name: string;
  /** Returns the store for one test; called before every test. */
  createStore: () => SessionStore<Session> | Promise<SessionStore<Session>>;
  /**
   * Builds a session to store. The default builds a workflow-like session with nested
   * values and several dates; pass your own when the store expects a specific shape.
   */
  createSession?: ((id: string, expiresAt: Date) => Session) | undefined;
  /** Returns a second store sharing the first's sessions, as another instance would. */
  createPeer?:
    | ((store: SessionStore<Session>) => SessionStore<Session> | Promise<SessionStore<Session>>)
    | undefined;
  /** Called after every test with its stores (drop tables, delete keys, close, …). */
  cleanup?: ((stores: SessionStore<Session>[]) => void | Promise<void>) | undefined;
}

/** A session shaped like a Slack workflow session: dates at several depths, nested values. */
function defaultSession(id: string, expiresAt: Date): StoredSession {
  const createdAt = new Date(expiresAt.getTime() - 1_800_000);
  return {
    id,
    expiresAt,
    workflowType: "create_issue",
    userId: "U0ALICE",
    status: "active",
    stepIndex: 1,
    values: { details: { title: "Login fails ✓", labels: ["bug", "auth"], empty: "" } },
    context: { channelId: "C0TRIAGE", text: "Login fails", count: 2, nothing: null },
    createdAt,
    updatedAt: createdAt,
    result: { completedAt: createdAt, output: { issue: { key: "ENG-1" } } },
  } as StoredSession;
}

let suiteRun = 0;

/**
 * Registers the `SessionStore` contract tests with vitest: round trips that keep dates as
 * `Date`s and nested values intact, replacing, deleting, unknown ids, copies (changing a
 * read session never changes the store), `listExpiring` when implemented, and (with
 * `createPeer`) a session saved by one instance read and replaced by another.
 *
 * ```ts
 * import { runSessionStoreConformance } from "@contexten/core/testing/conformance";
 * runSessionStoreConformance({ name: "MemoryWorkflowSessionStore", createStore: () => new MemoryWorkflowSessionStore() });
 * ```
 */
export function runSessionStoreConformance<Session extends StoredSession>(
  options: SessionStoreConformanceOptions<Session>,
): void {
  const build = (id: string, expiresAt: Date): Session =>
    (options.createSession ?? defaultSession)(id, expiresAt) as Session;
  describe(`SessionStore conformance: ${options.name}`, () => {
    let stores: SessionStore<Session>[] = [];
    let prefix = "";
    beforeEach(async () => {
      suiteRun += 1;
      prefix = `session-${suiteRun}-${Math.random().toString(36).slice(2, 8)}`;
      stores = [await options.createStore()];
      if (options.createPeer) stores.push(await options.createPeer(stores[0]!));
    });
    afterEach(async () => {
      await options.cleanup?.(stores);
      stores = [];
    });
    const store = () => stores[0]!;
    const id = (name: string) => `${prefix}-${name}`;
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 9, minutes));

    it("returns what was saved, dates as Dates", async () => {
      const session = build(id("a"), at(30));
      await store().save(session);
      const read = await store().get(session.id);
      expect(read).toEqual(session);
      expect(read?.expiresAt).toBeInstanceOf(Date);
    });

    it("answers undefined for an unknown id and ignores deleting one", async () => {
      expect(await store().get(id("missing"))).toBeUndefined();
      await store().delete(id("missing"));
    });

    it("replaces on save and removes on delete", async () => {
      const first = build(id("a"), at(30));
      await store().save(first);
      const moved = { ...first, expiresAt: at(45) };
      await store().save(moved);
      expect((await store().get(first.id))?.expiresAt).toEqual(at(45));
      await store().delete(first.id);
      expect(await store().get(first.id)).toBeUndefined();
    });

    it("hands out copies", async () => {
      const session = build(id("a"), at(30));
      await store().save(session);
      (session as { id: string }).id = "changed after save";
      const read = (await store().get(id("a")))!;
      expect(read.id).toBe(id("a"));
      read.expiresAt.setTime(0);
      expect((await store().get(id("a")))?.expiresAt).toEqual(at(30));
    });

    it("lists the sessions expiring at or before a time", async () => {
      const listExpiring = store().listExpiring?.bind(store());
      if (!listExpiring) return;
      await store().save(build(id("early"), at(10)));
      await store().save(build(id("exact"), at(20)));
      await store().save(build(id("late"), at(30)));
      const expiring = await listExpiring(at(20));
      expect(expiring.map((session) => session.id).sort()).toEqual([id("early"), id("exact")]);
      await store().delete(id("early"));
      expect((await listExpiring(at(20))).map((session) => session.id)).toEqual([id("exact")]);
    });

    if (options.createPeer) {
      it("shares sessions with another instance", async () => {
        const session = build(id("shared"), at(30));
        await store().save(session);
        const other = stores[1]!;
        expect(await other.get(session.id)).toEqual(session);
        await other.save({ ...session, expiresAt: at(40) });
        expect((await store().get(session.id))?.expiresAt).toEqual(at(40));
        await other.delete(session.id);
        expect(await store().get(session.id)).toBeUndefined();
      });
    }
  });
}
