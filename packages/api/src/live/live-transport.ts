/** A change to a workflow run or one of its steps, as subscribers receive it. */
export interface WorkflowUpdate {
  /** Run id. */
  workflowId: string;
  /** Workflow name. */
  name: string;
  /** New state of the run, or of the step when `stepId` is set. */
  status: string;
  /** The definition's id. */
  definitionId?: string | undefined;
  /** The step that changed, for step updates. */
  stepId?: string | undefined;
  /** The step's attempt, for step updates. */
  attempt?: number | undefined;
  /** Why the run or step failed. */
  error?: { code: string; message: string } | undefined;
  /** When the instance that ran it saw the change (ISO 8601). */
  at: string;
}

/**
 * What instances tell each other. Messages stay small (PostgreSQL `NOTIFY` payloads are
 * limited to 8000 bytes): a stored event travels as its id and every receiver reads it
 * from the shared store.
 */
export type LiveMessage =
  | { kind: "event"; eventId: string }
  | { kind: "workflow"; update: WorkflowUpdate }
  | { kind: "config" };

/**
 * Carries {@link LiveMessage}s between every API instance (including the sender), so a
 * subscriber on one instance sees what another instance stored. In-process by default
 * ({@link createMemoryLiveTransport}); {@link createPostgresLiveTransport} uses PostgreSQL
 * `LISTEN/NOTIFY` for several instances. Implement it over Redis pub/sub or anything else
 * with the same two methods.
 */
export interface LiveTransport {
  /** Sends a message to every subscriber of every instance, this one included. */
  publish(message: LiveMessage): Promise<void>;
  /** Starts receiving; resolves once messages published from now on will arrive. Resolves a stop function. */
  subscribe(listener: (message: LiveMessage) => void): Promise<() => Promise<void>>;
}

/**
 * The in-process transport: one process, or several API instances in one process when they
 * share this object.
 */
export function createMemoryLiveTransport(): LiveTransport {
  const listeners = new Set<(message: LiveMessage) => void>();
  return {
    async publish(message) {
      // A copy, as a network transport would deliver one.
      const copy = JSON.parse(JSON.stringify(message)) as LiveMessage;
      for (const listener of [...listeners]) listener(copy);
    },
    async subscribe(listener) {
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
      };
    },
  };
}

/** Parses a message received from another instance; undefined when it is not one. */
export function parseLiveMessage(text: string): LiveMessage | undefined {
  try {
    const value = JSON.parse(text) as Partial<LiveMessage> | null;
    if (!value || typeof value !== "object") return undefined;
    if (value.kind === "event" && typeof value.eventId === "string") return value as LiveMessage;
    if (value.kind === "workflow" && value.update && typeof value.update.workflowId === "string")
      return value as LiveMessage;
    if (value.kind === "config") return { kind: "config" };
    return undefined;
  } catch {
    return undefined;
  }
}
