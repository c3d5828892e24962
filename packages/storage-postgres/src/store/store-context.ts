import type { SqlClient } from "../client/sql-client";
import type { Tables } from "./tables";

/** What every store operation needs: the client and the qualified table names. */
export interface StoreContext {
  /** The query interface. */
  client: SqlClient;
  /** Qualified table names. */
  tables: Tables;
}
