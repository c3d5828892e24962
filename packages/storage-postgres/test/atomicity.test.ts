import { ValidationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { createPostgresStore, MIGRATIONS_TABLE, runMigrations, toSqlClient } from "../src/index";
import { incompressibleText, makeEvent, makeLink } from "./support/events";
import { FaultyClient, InjectedFailure } from "./support/faulty-client";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();

async function count(
  raw: (text: string) => Promise<{ n: number }[]>,
  table: string,
): Promise<number> {
  const [row] = await raw(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

describe.each(backends)("a failure in the middle of a multi-row write on $name", (backend) => {
  /** A store on the same database and schema whose client fails on a chosen statement. */
  async function faultyStore(pattern: RegExp, failAt: number) {
    const fixture = await backend.create();
    const faulty = new FaultyClient(toSqlClient(fixture.client), pattern, failAt);
    const store = createPostgresStore({ client: faulty, schema: fixture.schema });
    return { store, faulty, fixture };
  }

  it("leaves nothing behind when the third statement of a 2,500-event append fails", async () => {
    const { store, faulty, fixture } = await faultyStore(/INSERT INTO .*\.events/s, 3);
    const events = Array.from({ length: 2500 }, (_, index) => makeEvent(index));
    await expect(store.append(events)).rejects.toBeInstanceOf(InjectedFailure);
    expect(faulty.matched).toBe(3);
    expect(await count(fixture.raw, `"${fixture.schema}".events`)).toBe(0);
    expect(await count(fixture.raw, `"${fixture.schema}".event_keys`)).toBe(0);
    // The same append, retried, succeeds completely.
    expect((await store.append(events)).inserted).toHaveLength(2500);
    expect(await count(fixture.raw, `"${fixture.schema}".events`)).toBe(2500);
  });

  it("leaves nothing behind when the last row of a large append violates a constraint", async () => {
    const fixture = await backend.create();
    const events = Array.from({ length: 2500 }, (_, index) => makeEvent(index));
    // A group id too large for its index: the database refuses the last statement.
    events[2499] = makeEvent(2499, { correlationId: incompressibleText(4000) });
    await expect(fixture.store.append(events)).rejects.toSatisfy(ValidationError.isInstance);
    expect(await count(fixture.raw, `"${fixture.schema}".events`)).toBe(0);
    expect(await count(fixture.raw, `"${fixture.schema}".event_keys`)).toBe(0);
  });

  it("keeps a prune batch whole: a failure after its links went restores them", async () => {
    const { store, fixture } = await faultyStore(/DELETE FROM .*\.events/s, 1);
    await fixture.store.append([makeEvent(1), makeEvent(2), makeEvent(3)]);
    await fixture.store.link([
      makeLink("evt-000001", "evt-000002"),
      makeLink("evt-000002", "evt-000003"),
    ]);
    await expect(store.prune(makeEvent(3).occurredAt)).rejects.toBeInstanceOf(InjectedFailure);
    expect(await count(fixture.raw, `"${fixture.schema}".events`)).toBe(3);
    expect(await count(fixture.raw, `"${fixture.schema}".event_correlations`)).toBe(2);
    expect(await count(fixture.raw, `"${fixture.schema}".event_keys`)).toBe(6);
  });

  it("rolls a failed migration back completely", async () => {
    const fixture = await backend.create();
    const schema = `${fixture.schema}_m`;
    const client = toSqlClient(fixture.client);
    const broken = {
      version: 1,
      name: "broken",
      statements: ["CREATE TABLE half (id int)", "CREATE TABLE half (id int)"],
    };
    await expect(runMigrations(client, schema, [broken])).rejects.toThrow(/already exists/);
    const [present] = await fixture.raw<{ schema: boolean; table: boolean }>(
      "SELECT to_regnamespace($1) IS NOT NULL AS schema, to_regclass($2) IS NOT NULL AS table",
      [schema, `"${schema}".${MIGRATIONS_TABLE}`],
    );
    expect(present).toEqual({ schema: false, table: false });
  });
});
