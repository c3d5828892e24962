import { ContextenError, ValidationError } from "@contexten/core";
import type { DeliveryRecord, StoreDeliveryResult } from "@contexten/core/adapter";
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresStore,
  type PostgresStore,
  type SqlClient,
  type SqlExecutor,
  toSqlClient,
} from "../src/index";
import { dropSchema, openPool, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";

/**
 * Group commit: concurrent `storeDelivery` calls share statements and commits, and each
 * caller still gets its own outcome. Statements are counted (and failed on purpose) by a
 * client wrapped around the real connection pool; outcomes are read back from PostgreSQL.
 */

/** Counts delivery-writing statements and fails those that carry a chosen delivery id. */
class WatchedClient implements SqlClient {
  statements = 0;
  /** Delivery id → the error any statement writing it fails with. */
  readonly failures = new Map<string, () => Error>();

  constructor(private readonly inner: SqlClient) {}

  #wrap(executor: SqlExecutor): SqlExecutor {
    return {
      query: (text, params) => {
        if (text.includes("delivery_input")) {
          this.statements += 1;
          // $19: the delivery ids.
          const ids = (params?.[18] ?? []) as string[];
          for (const id of ids) {
            const failure = this.failures.get(id);
            if (failure) return Promise.reject(failure());
          }
        }
        return executor.query(text, params);
      },
    };
  }

  query: SqlExecutor["query"] = (text, params) => this.#wrap(this.inner).query(text, params);

  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((executor) => work(this.#wrap(executor)));
  }
}

function sqlError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function delivery(n: number, deliveryId = `d-${n}`): DeliveryRecord {
  return {
    platform: "github",
    deliveryId,
    receivedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)),
    events: [makeEvent(n * 2), makeEvent(n * 2 + 1)],
  };
}

let pool: pg.Pool;
let client: WatchedClient;
let store: PostgresStore;

beforeAll(() => {
  pool = openPool(6);
});
afterAll(() => pool.end());

async function open(options: { groupCommit?: boolean } = {}): Promise<void> {
  client = new WatchedClient(toSqlClient(pool));
  store = createPostgresStore({ client, schema: uniqueSchemaName("group"), ...options });
  await store.migrate();
}
afterEach(() => dropSchema(store.schema));

/** Settles every call, keeping each outcome. */
function settleAll(calls: Promise<StoreDeliveryResult>[]) {
  return Promise.all(
    calls.map((call) =>
      call.then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ),
  );
}

describe("group commit of deliveries", () => {
  it("writes a burst of concurrent deliveries in a few statements, each stored whole", async () => {
    await open();
    const burst = Array.from({ length: 64 }, (_, n) => delivery(n));
    const results = await Promise.all(burst.map((entry) => store.storeDelivery(entry)));
    expect(results.map((result) => result.status)).toEqual(burst.map(() => "stored"));
    expect(results[5]!.eventIds).toEqual(["evt-000010", "evt-000011"]);
    // Two batches start at once; everything that arrived meanwhile shares the next one.
    expect(client.statements).toBeLessThanOrEqual(4);
    const { events } = await store.query({ limit: 1000 });
    expect(events).toHaveLength(128);
  });

  it("writes each delivery alone when turned off", async () => {
    await open({ groupCommit: false });
    await Promise.all(Array.from({ length: 8 }, (_, n) => store.storeDelivery(delivery(n))));
    expect(client.statements).toBe(8);
  });

  it("stores a delivery sent twice in one burst once and reports the copy as a duplicate", async () => {
    await open();
    // Each caller takes the post-ack work for a minute, as the webhook handler does.
    const lease = { now: new Date(), leaseUntil: new Date(Date.now() + 60_000) };
    const results = await Promise.all(
      [1, 2, 3, 1, 1].map((n) => store.storeDelivery(delivery(n), lease)),
    );
    expect(results.map((result) => result.status)).toEqual([
      "stored",
      "stored",
      "stored",
      "duplicate",
      "duplicate",
    ]);
  });

  it("fails only the delivery whose data the database refuses; its batch mates are stored", async () => {
    await open();
    client.failures.set("d-bad", () => sqlError("22021", "invalid byte sequence"));
    const outcomes = await settleAll([
      store.storeDelivery(delivery(1)),
      store.storeDelivery(delivery(2)),
      store.storeDelivery(delivery(3)),
      store.storeDelivery(delivery(4, "d-bad")),
      store.storeDelivery(delivery(5)),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, false, true]);
    expect(ValidationError.isInstance((outcomes[3] as { error: unknown }).error)).toBe(true);
    const { events } = await store.query({ limit: 100 });
    expect(events.map((event) => event.id).sort()).toEqual(
      ["evt-000002", "evt-000003", "evt-000004", "evt-000005", "evt-000006", "evt-000007"].concat([
        "evt-000010",
        "evt-000011",
      ]),
    );
  });

  it("answers store_unavailable to exactly the deliveries of a batch the database dropped", async () => {
    await open();
    client.failures.set("d-down", () => sqlError("57P01", "terminating connection"));
    const outcomes = await settleAll([
      store.storeDelivery(delivery(1)),
      store.storeDelivery(delivery(2)),
      // These three wait together and share the failing batch.
      store.storeDelivery(delivery(3)),
      store.storeDelivery(delivery(4, "d-down")),
      store.storeDelivery(delivery(5)),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, false, false]);
    for (const outcome of outcomes.slice(2)) {
      const error = (outcome as { error: unknown }).error;
      expect(ContextenError.isInstance(error) && error.code).toBe("store_unavailable");
    }
    // Nothing of the failed batch was written; a retry stores them.
    client.failures.clear();
    const retried = await Promise.all(
      [delivery(3), delivery(4, "d-down"), delivery(5)].map((entry) => store.storeDelivery(entry)),
    );
    expect(retried.map((result) => result.status)).toEqual(["stored", "stored", "stored"]);
  });
});
