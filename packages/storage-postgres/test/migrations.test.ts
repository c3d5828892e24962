import { randomBytes } from "node:crypto";
import { ConfigurationError } from "@contexten/core";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  createPostgresStore,
  MIGRATIONS,
  MIGRATIONS_TABLE,
  runMigrations,
  toSqlClient,
} from "../src/index";
import { DATABASE_URL, rawQuery, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();
const latest = MIGRATIONS.at(-1)!.version;
const allVersions = MIGRATIONS.map((migration) => migration.version);

describe.each(backends)("migrations on $name", (backend) => {
  it("records each applied version once and is a no-op when current", async () => {
    const { store, schema, raw } = await backend.create();
    const recorded = await raw<{ version: number; name: string }>(
      `SELECT version, name FROM "${schema}".${MIGRATIONS_TABLE} ORDER BY version`,
    );
    expect(recorded).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(await store.migrate()).toEqual({ applied: [], version: latest });
    const tables = await raw<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [schema],
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      "contexten_migrations",
      "deliveries",
      "event_correlations",
      "event_keys",
      "events",
      "workflow_sessions",
      "workflow_steps",
      "workflows",
    ]);
  });

  it("compresses payloads with LZ4 where the server has it, and stores them either way", async () => {
    const { store, schema, raw } = await backend.create();
    const [setting] = await raw<{ lz4: boolean }>(
      "SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'",
    );
    const lz4 = setting!.lz4;
    const [column] = await raw<{ method: string }>(
      `SELECT attcompression::text AS method FROM pg_attribute
        WHERE attrelid = '"${schema}".events'::regclass AND attname = 'payload'`,
    );
    expect(column!.method).toBe(lz4 ? "l" : "");
    // A payload large enough to be compressed out of line, as webhook payloads are.
    const body = Array.from({ length: 400 }, (_, n) => `line ${n} of a long pull request body`);
    await store.append(makeEvent(1, { payload: { body } }));
    expect((await store.get("evt-000001"))?.payload).toEqual({ body });
    const [stored] = await raw<{ method: string | null }>(
      `SELECT pg_column_compression(payload) AS method FROM "${schema}".events`,
    );
    expect(stored!.method).toBe(lz4 ? "lz4" : "pglz");
  });

  it("with migrate: false, refuses to run on an unmigrated schema and says what to do", async () => {
    const { client, schema, raw } = await backend.create();
    const manual = `${schema}_manual`;
    const store = createPostgresStore({ client, schema: manual, migrate: false });
    try {
      const error = await store.get("x").catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("store.migrate()");
      expect(await store.migrate()).toEqual({ applied: allVersions, version: latest });
      expect(await store.get("x")).toBeUndefined();
    } finally {
      await raw(`DROP SCHEMA IF EXISTS "${manual}" CASCADE`);
    }
  });
});

describe.each(backends)("upgrading a version 1 schema on $name", (backend) => {
  it("adds events.notes and keeps the events stored before, without notes", async () => {
    const { client, schema, raw } = await backend.create();
    const old = `${schema}_v1`;
    try {
      const sql = toSqlClient(client);
      expect(await runMigrations(sql, old, MIGRATIONS.slice(0, 1))).toEqual({
        applied: [1],
        version: 1,
      });
      const event = makeEvent(1);
      await raw(
        `INSERT INTO "${old}".events (id, type, platform, occurred_at, received_at, subject)
          VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::jsonb)`,
        [
          event.id,
          event.type,
          event.platform,
          event.occurredAt.toISOString(),
          event.receivedAt.toISOString(),
          JSON.stringify(event.subject),
        ],
      );
      const store = createPostgresStore({ client, schema: old });
      expect(await store.migrate()).toEqual({
        applied: allVersions.filter((version) => version > 1),
        version: latest,
      });
      const stored = await store.get(event.id);
      expect(stored?.id).toBe(event.id);
      expect(stored && "notes" in stored).toBe(false);
      const noted = makeEvent(2, { notes: ["payload: 1 NUL character replaced with U+FFFD"] });
      await store.append(noted);
      expect((await store.get(noted.id))?.notes).toEqual(noted.notes);
    } finally {
      await raw(`DROP SCHEMA IF EXISTS "${old}" CASCADE`);
    }
  });
});

describe("migrations on PostgreSQL with restricted privileges", () => {
  const role = `contexten_test_role_${randomBytes(4).toString("hex")}`;
  const schema = uniqueSchemaName("priv");

  afterAll(async () => {
    await rawQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await rawQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  it("migrates an existing schema as a role that may not create schemas", async () => {
    await rawQuery(`CREATE ROLE ${role} NOLOGIN`);
    await rawQuery(`CREATE SCHEMA "${schema}"`);
    await rawQuery(`GRANT USAGE, CREATE ON SCHEMA "${schema}" TO ${role}`);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET ROLE ${role}`);
      await expect(client.query(`CREATE SCHEMA "${schema}_other"`)).rejects.toThrow(
        /permission denied/,
      );
      const store = createPostgresStore({ client, schema });
      expect((await store.migrate()).applied).toEqual(allVersions);
      await store.append(makeEvent(1));
      expect((await store.get("evt-000001"))?.id).toBe("evt-000001");
    } finally {
      await client.end();
    }
  });
});

describe("runMigrations", () => {
  it("rejects a schema name that is not a plain identifier", async () => {
    const client = toSqlClient(new pg.Pool({ connectionString: DATABASE_URL }));
    try {
      await expect(runMigrations(client, 'x"; DROP TABLE y; --')).rejects.toSatisfy(
        ConfigurationError.isInstance,
      );
    } finally {
      await client.end?.();
    }
  });
});
