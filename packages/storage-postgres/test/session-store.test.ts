import { runSessionStoreConformance } from "@contexten/core/testing/conformance";
import { createPostgresSessionStore } from "../src/index";
import { useBackends } from "./support/store-fixture";

for (const backend of useBackends()) {
  const schemaOf = new WeakMap<object, { schema: string; client: unknown }>();
  runSessionStoreConformance({
    name: `PostgresSessionStore (${backend.name})`,
    createStore: async () => {
      const { schema, client } = await backend.create();
      const store = createPostgresSessionStore({ client, schema });
      schemaOf.set(store, { schema, client });
      return store;
    },
    // Another instance: its own store object on the same database and schema.
    createPeer: (store) => {
      const { schema, client } = schemaOf.get(store)!;
      return createPostgresSessionStore({
        client: client as Parameters<typeof createPostgresSessionStore>[0]["client"],
        schema,
      });
    },
  });
}
