import { afterEach, beforeEach, describe } from "vitest";
import type { EventStore } from "../contracts/event-store";
import { describeEventStoreDeliveries } from "./conformance/event-store-delivery-tests";
import { describeEventStoreGraph } from "./conformance/event-store-graph-tests";
import { describeEventStoreHostileInput } from "./conformance/event-store-hostile-tests";
import { describeEventStoreKeyLookups } from "./conformance/event-store-key-lookup-tests";
import { describeEventStoreQueries } from "./conformance/event-store-query-tests";
import { describeEventStoreWrites } from "./conformance/event-store-write-tests";

/** Options for {@link runEventStoreConformance}. */
export interface EventStoreConformanceOptions {
  /** Shown in the test names, e.g. `MemoryEventStore` or `PostgresEventStore (PGlite)`. */
  name: string;
  /** Returns a new, empty store; called before every test. */
  createStore: () => EventStore | Promise<EventStore>;
  /** Called after every test with that test's store (drop its schema, close it, …). */
  cleanup?: ((store: EventStore) => void | Promise<void>) | undefined;
  /**
   * Whether the store implements the optional delivery lifecycle (`storeDelivery`,
   * `completeDelivery`, `claimPendingDeliveries`); default `true`. Its tests are skipped
   * with `false`.
   */
  deliveryLifecycle?: boolean | undefined;
}

/**
 * Registers the `EventStore` contract tests with vitest: call it at the top level of a
 * test file and every implementation is checked the same way.
 *
 * ```ts
 * import { runEventStoreConformance } from "@contexten/core/testing/conformance";
 * runEventStoreConformance({ name: "MemoryEventStore", createStore: () => new MemoryEventStore() });
 * ```
 *
 * It checks every write through the store's public reads: append (validation, idempotency,
 * no overwrite), delivery recording (including concurrent calls for one id), `get`,
 * `query` (order, filters, cursor pagination in both orders without duplicates or gaps,
 * input errors), `findByKeys` on keys, refs and both, the optional `findPerKey` (skipped
 * when the store lacks it), `assignCorrelation` (including merging groups), links
 * (idempotency, unknown events), lineage (depth limits, the `truncated` flag, cycles),
 * `prune`, the delivery lifecycle (atomic `storeDelivery`, leases, resumption, concurrent
 * claims), and events no store could keep as received (NUL characters, lone surrogates,
 * dates outside the years 1 to 9999, over-long keys, payloads nested too deep), which must
 * read back exactly as `sealEvent` repairs them. Timestamps are fixed; nothing depends on
 * timing.
 */
export function runEventStoreConformance(options: EventStoreConformanceOptions): void {
  describe(`EventStore conformance: ${options.name}`, () => {
    let store: EventStore | undefined;
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      if (store) await options.cleanup?.(store);
      store = undefined;
    });
    const current = (): EventStore => {
      if (!store) throw new Error("createStore() did not return a store");
      return store;
    };
    describeEventStoreWrites(current);
    describeEventStoreQueries(current);
    describeEventStoreGraph(current);
    describeEventStoreHostileInput(current);
    describeEventStoreKeyLookups(current);
    if (options.deliveryLifecycle !== false) describeEventStoreDeliveries(current);
  });
}
