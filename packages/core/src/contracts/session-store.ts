/** What every stored session has: an id and the time it expires. */
export interface StoredSession {
  /** Unique id. */
  id: string;
  /** After this time the session no longer moves on (sliding: saving it again may extend it). */
  expiresAt: Date;
}

/**
 * Where short-lived sessions live between interactions (Slack modal workflows and the
 * like). Memory serves one process; Redis (`@contexten/redis`) and PostgreSQL
 * (`@contexten/storage-postgres`) let a session started on one instance continue on
 * another. Stores hand out copies: changing an object read from a store never changes the
 * store. Every method may return a promise.
 */
export interface SessionStore<Session extends StoredSession = StoredSession> {
  /** Reads a session, or undefined when there is none. */
  get(id: string): Promise<Session | undefined> | Session | undefined;
  /** Inserts or replaces a session. */
  save(session: Session): Promise<void> | void;
  /** Removes a session; removing an unknown id does nothing. */
  delete(id: string): Promise<void> | void;
  /** Sessions whose `expiresAt` is at or before `now` (for sweeping); optional. */
  listExpiring?(now: Date): Promise<Session[]> | Session[];
}
