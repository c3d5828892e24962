import { randomBytes } from "node:crypto";
import type { EventStore } from "@contexten/core";
import { createPostgresStore } from "@contexten/storage-postgres";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectStored, expectStoredOrRefused } from "../src/exchange";
import { fuzzParameters } from "../src/fuzz-settings";
import { deliverPlacement, everyPlacement, somePlacement } from "../src/placements";
import { expectProbePasses } from "../src/probe";
import { receiverOverShared } from "../src/receiver";
import { DEEP_NESTING_FAMILY, UNSTORABLE_FAMILIES } from "../src/unstorable-families";

/** The machine's PostgreSQL: `DATABASE_URL`, or the local test database. */
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Backend {
  store: EventStore;
  close(): Promise<void>;
}

async function postgresBackend(): Promise<Backend> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  const schema = `hostile_${process.pid}_${randomBytes(4).toString("hex")}`;
  return {
    store: createPostgresStore({ client: pool, schema }),
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

async function pgliteBackend(): Promise<Backend> {
  const database = new PGlite();
  await database.waitReady;
  return { store: createPostgresStore({ client: database }), close: () => database.close() };
}

// The same families against the durable stores, where NUL, lone surrogates, year 0 and
// long index entries are refused by the database itself: the receiver must still keep
// the delivery (or refuse it for a reason), never answer 503 to data it will never take.
// A 100,000-deep array once kept PGlite busy forever inside one synchronous call, which
// no timeout in this process can interrupt; for PGlite that case runs in a child process.
describe.each([
  ["PostgreSQL (own schema)", postgresBackend, false],
  ["PGlite", pgliteBackend, true],
] as const)("unstorable data in authentic deliveries (%s)", (_name, open, isolated) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend?.close());

  it.each(UNSTORABLE_FAMILIES.map((family) => [family.name, family] as const))(
    "%s are stored",
    async (_family, { targets, contents }) => {
      await fc.assert(
        fc.asyncProperty(somePlacement(targets, contents), async (placement) => {
          const receiver = await receiverOverShared(backend.store);
          await expectStored(receiver, await deliverPlacement(receiver, placement));
        }),
        fuzzParameters(1, { examples: everyPlacement(targets, contents) }),
      );
    },
  );

  it(`${DEEP_NESTING_FAMILY.name} is stored or refused with a 4xx, never a 5xx`, {
    timeout: 60_000,
  }, async () => {
    if (isolated) {
      await expectProbePasses("probes/pglite-deep-nesting.ts");
      return;
    }
    const { targets, contents } = DEEP_NESTING_FAMILY;
    await fc.assert(
      fc.asyncProperty(somePlacement(targets, contents), async (placement) => {
        const receiver = await receiverOverShared(backend.store);
        await expectStoredOrRefused(receiver, await deliverPlacement(receiver, placement));
      }),
      fuzzParameters(1, { examples: everyPlacement(targets, contents) }),
    );
  });
});
