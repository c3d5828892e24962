import { afterAll, describe, expect, it } from "vitest";
import { createPostgresStore, MIGRATIONS, MIGRATIONS_TABLE } from "../src/index";
import { dropSchema, openPool, rawQuery, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";

const schemas: string[] = [];
const pools: ReturnType<typeof openPool>[] = [];

function schemaForTest(label: string): string {
  const schema = uniqueSchemaName(label);
  schemas.push(schema);
  return schema;
}

function pool(max: number) {
  const created = openPool(max);
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((created) => created.end()));
  for (const schema of schemas) await dropSchema(schema);
});

describe("PostgresStore under concurrency (real PostgreSQL)", () => {
  it("two instances on two pools handling the same 1,000 deliveries store each exactly once", async () => {
    const schema = schemaForTest("race");
    const instances = [
      createPostgresStore({ client: pool(5), schema }),
      createPostgresStore({ client: pool(5), schema }),
    ];
    const deliveries = Array.from({ length: 1000 }, (_, index) => ({
      id: `delivery-${index}`,
      event: makeEvent(index),
    }));
    // Each instance handles every delivery like a webhook handler: dedupe by delivery id,
    // then append. Both also append the event regardless, as a redelivery racing the
    // first one would, and one walks the list backwards so lock orders differ.
    const handle = async (store: (typeof instances)[number], order: typeof deliveries) => {
      const firsts: string[] = [];
      const inserted: string[] = [];
      await Promise.all(
        order.map(async (delivery) => {
          if (await store.recordDelivery("github", delivery.id)) firsts.push(delivery.id);
          inserted.push(...(await store.append(delivery.event)).inserted);
        }),
      );
      return { firsts, inserted };
    };
    const [a, b] = await Promise.all([
      handle(instances[0]!, deliveries),
      handle(instances[1]!, [...deliveries].reverse()),
    ]);

    expect(a!.firsts.length + b!.firsts.length).toBe(1000);
    expect(new Set([...a!.firsts, ...b!.firsts]).size).toBe(1000);
    expect(a!.inserted.length + b!.inserted.length).toBe(1000);
    expect(new Set([...a!.inserted, ...b!.inserted]).size).toBe(1000);

    // Independent read path: raw SQL on a fresh connection.
    const [counts] = await rawQuery<{
      events: number;
      ids: number;
      keys: number;
      deliveries: number;
    }>(
      `SELECT
        (SELECT count(*)::int FROM "${schema}".events) AS events,
        (SELECT count(DISTINCT id)::int FROM "${schema}".events) AS ids,
        (SELECT count(*)::int FROM "${schema}".event_keys) AS keys,
        (SELECT count(*)::int FROM "${schema}".deliveries) AS deliveries`,
    );
    expect(counts).toEqual({ events: 1000, ids: 1000, keys: 2000, deliveries: 1000 });
  });

  it("two instances appending overlapping batches in opposite orders neither deadlock nor duplicate", async () => {
    const schema = schemaForTest("batch");
    const instances = [
      createPostgresStore({ client: pool(4), schema }),
      createPostgresStore({ client: pool(4), schema }),
    ];
    await instances[0]!.migrate();
    const events = Array.from({ length: 3000 }, (_, index) => makeEvent(index));
    const batches = (list: typeof events) =>
      Array.from({ length: list.length / 250 }, (_, index) =>
        list.slice(index * 250, index * 250 + 750),
      );
    const results = await Promise.all([
      ...batches(events).map((batch) => instances[0]!.append(batch)),
      ...batches([...events].reverse()).map((batch) => instances[1]!.append(batch)),
    ]);
    const inserted = results.flatMap((result) => result.inserted);
    expect(inserted).toHaveLength(3000);
    expect(new Set(inserted).size).toBe(3000);
    const [row] = await rawQuery<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM "${schema}".event_keys) AS keys
        FROM "${schema}".events`,
    );
    expect(row).toEqual({ n: 3000, keys: 6000 });
  });

  it("instances migrating a fresh schema at the same time apply each migration once", async () => {
    const schema = schemaForTest("migrate");
    const instances = Array.from({ length: 6 }, () =>
      createPostgresStore({ client: pool(1), schema }),
    );
    const results = await Promise.all(instances.map((store) => store.migrate()));
    const latest = MIGRATIONS.at(-1)!.version;
    expect(results.filter((result) => result.applied.length > 0)).toEqual([
      { applied: MIGRATIONS.map((migration) => migration.version), version: latest },
    ]);
    expect(results.every((result) => result.version === latest)).toBe(true);
    const recorded = await rawQuery<{ version: number }>(
      `SELECT version FROM "${schema}".${MIGRATIONS_TABLE} ORDER BY version`,
    );
    expect(recorded).toEqual(MIGRATIONS.map((migration) => ({ version: migration.version })));
    // And every instance can use the schema straight away.
    await Promise.all(instances.map((store, index) => store.append(makeEvent(index))));
    const [row] = await rawQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".events`,
    );
    expect(row?.n).toBe(6);
  });
});
