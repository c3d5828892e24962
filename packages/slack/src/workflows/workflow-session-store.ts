import type { SessionStore } from "@contexten/core";
import type { WorkflowSession } from "./workflow-types";

/**
 * Where workflow sessions live between interactions: core's `SessionStore` for
 * {@link WorkflowSession}s. Memory by default; `@contexten/redis`'s `RedisSessionStore` or
 * `@contexten/storage-postgres`'s `createPostgresSessionStore` share sessions between
 * instances (a modal opened on one replica can be submitted on another) and survive
 * restarts. Every method may return a promise.
 */
export type WorkflowSessionStore = SessionStore<WorkflowSession>;

function copy(session: WorkflowSession): WorkflowSession {
  return structuredClone(session);
}

/**
 * Sessions in this process's memory. Stored sessions are copies, so a caller changing
 * an object it read never changes the store behind its back.
 */
export class MemoryWorkflowSessionStore implements WorkflowSessionStore {
  readonly #sessions = new Map<string, WorkflowSession>();

  /** Number of sessions held. */
  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): WorkflowSession | undefined {
    const session = this.#sessions.get(id);
    return session ? copy(session) : undefined;
  }

  save(session: WorkflowSession): void {
    this.#sessions.set(session.id, copy(session));
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  listExpiring(now: Date): WorkflowSession[] {
    return [...this.#sessions.values()]
      .filter((session) => session.expiresAt.getTime() <= now.getTime())
      .map(copy);
  }
}
