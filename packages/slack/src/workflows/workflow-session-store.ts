import type { WorkflowSession } from "./workflow-types";

/**
 * Where workflow sessions live between interactions. Memory by default; implement it on
 * Redis or SQL to survive restarts or to share sessions between instances. Every method
 * may return a promise.
 */
export interface WorkflowSessionStore {
  /** Reads a session, or undefined. */
  get(id: string): Promise<WorkflowSession | undefined> | WorkflowSession | undefined;
  /** Inserts or replaces a session. */
  save(session: WorkflowSession): Promise<void> | void;
  /** Removes a session. */
  delete(id: string): Promise<void> | void;
  /** Sessions that expire before `now` (for sweeping); optional. */
  listExpiring?(now: Date): Promise<WorkflowSession[]> | WorkflowSession[];
}

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
