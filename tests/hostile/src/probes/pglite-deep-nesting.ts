/**
 * Delivers every 100,000-deep-array placement through a receiver over a PGlite store and
 * reports each outcome on stdout, one line each: `start <placement>`, then `ok` or
 * `fail <JSON message>`, and `done` at the end. It runs in a process of its own because
 * a case that hangs PGlite blocks the whole event loop, and only a parent can notice.
 */
import { createPostgresStore } from "@contexten/storage-postgres";
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { expectStoredOrRefused } from "../exchange";
import { deliverPlacement, everyPlacement } from "../placements";
import { receiverOverShared } from "../receiver";
import { DEEP_NESTING_FAMILY } from "../unstorable-families";

const database = new PGlite();
await database.waitReady;
const store = createPostgresStore({ client: database });
for (const [placement] of everyPlacement(
  DEEP_NESTING_FAMILY.targets,
  DEEP_NESTING_FAMILY.contents,
)) {
  process.stdout.write(`start ${fc.stringify(placement)}\n`);
  try {
    const receiver = await receiverOverShared(store);
    await expectStoredOrRefused(receiver, await deliverPlacement(receiver, placement));
    process.stdout.write("ok\n");
  } catch (error) {
    process.stdout.write(`fail ${JSON.stringify((error as Error).message)}\n`);
  }
}
await database.close();
process.stdout.write("done\n");
