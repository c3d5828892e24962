import {
  createWebhookHandler,
  type EventStore,
  MemoryEventStore,
  type WebhookHandler,
} from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { linearWebhooks } from "@contexten/linear";
import { slackWebhooks } from "@contexten/slack";
import { countEvents, ObservedStore } from "./observed-store";

/** The platforms the receiver under test accepts. */
export type Platform = "github" | "slack" | "linear";

/** Secrets the receiver under test verifies with; signed requests use the same ones. */
export const SECRETS: Readonly<Record<Platform, string>> = {
  github: "hostile-github-secret",
  slack: "hostile-slack-signing-secret",
  linear: "hostile-linear-secret",
};

/** A webhook handler with all three real sources, ready for one request. */
export interface Receiver {
  /** The handler under test. */
  handler: WebhookHandler;
  /** Its store, observed. */
  store: ObservedStore;
  /** Events the store held before the request. */
  eventsBefore: number;
  /** Everything the handler logged (post-ack failures and the like). */
  logged: unknown[][];
}

/**
 * The receiver as a user builds it: `createWebhookHandler` with `githubWebhooks`,
 * `slackWebhooks` and `linearWebhooks`, routed by their headers, over `store`.
 */
export function receiverOver(store: EventStore, eventsBefore: number): Receiver {
  const observed = new ObservedStore(store);
  const logged: unknown[][] = [];
  const logger = { error: (...args: unknown[]) => logged.push(args) };
  const handler = createWebhookHandler({
    sources: [
      githubWebhooks({ secret: SECRETS.github }),
      slackWebhooks({ signingSecret: SECRETS.slack, logger }),
      linearWebhooks({ secret: SECRETS.linear }),
    ],
    store: observed,
    logger,
  });
  return { handler, store: observed, eventsBefore, logged };
}

/** A receiver over a shared store (PostgreSQL, PGlite), counting what it holds first. */
export async function receiverOverShared(store: EventStore): Promise<Receiver> {
  return receiverOver(store, await countEvents(store));
}

let spare: { receiver: Receiver; memory: MemoryEventStore } | undefined;

/**
 * A receiver over an empty `MemoryEventStore`, so one request's outcome never hides
 * another's. A receiver whose store stayed empty (its last request was refused) is handed
 * out again: a new `MemoryEventStore` costs milliseconds, and the fuzz makes thousands of
 * requests.
 */
export function cleanReceiver(): Receiver {
  if (spare && spare.memory.size === 0 && spare.receiver.store.recordedDeliveries.length === 0) {
    spare.receiver.logged.length = 0;
    return spare.receiver;
  }
  const memory = new MemoryEventStore();
  spare = { receiver: receiverOver(memory, 0), memory };
  return spare.receiver;
}
