import type { CorrelatedEvent } from "@contexten/core";
import { ValidationError } from "@contexten/core";
import type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
} from "@contexten/core/adapter";
import {
  APPEND_CHUNK_SIZE,
  appendParameters,
  appendStatement,
  insertPrepared,
  prepareEvents,
} from "./append-events";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";
import { dateOption, integerOption } from "./validate-options";

const DEFAULT_CLAIM_LIMIT = 100;

/** A delivery checked and encoded, ready to be written alone or with others. */
export interface PreparedDelivery {
  delivery: DeliveryRecord;
  /** Its events, validated, without repeats, in id order. */
  sorted: CorrelatedEvent[];
  /** Ids of its events in the delivery's order (what callers get back). */
  eventIds: string[];
  now: Date;
  leaseUntil: Date | undefined;
  /** No after-ack work: written as done (not pending); `leaseUntil` is then absent. */
  done: boolean;
}

function checkDelivery(delivery: DeliveryRecord): void {
  for (const path of ["platform", "deliveryId"] as const) {
    const value: unknown = delivery?.[path];
    if (typeof value !== "string" || value.length === 0) {
      throw new ValidationError({
        message: `storeDelivery: delivery.${path} must be a non-empty string; got ${JSON.stringify(value)}.`,
        issues: [{ path: `delivery.${path}`, message: "expected a non-empty string" }],
      });
    }
  }
  dateOption(delivery.receivedAt, "storeDelivery.delivery.receivedAt");
}

/** Checks a delivery and its events; throws `ValidationError` before anything is written. */
export function prepareDelivery(
  delivery: DeliveryRecord,
  options: StoreDeliveryOptions,
): PreparedDelivery {
  checkDelivery(delivery);
  // Checked even when unused: a delivery stored as done takes no lease.
  const leaseUntil = dateOption(options.leaseUntil, "storeDelivery.leaseUntil");
  return {
    delivery,
    // Validated before anything is written or read, whether or not the delivery is known.
    sorted: prepareEvents(delivery.events).sorted,
    eventIds: delivery.events.map((event) => event.id),
    now: dateOption(options.now, "storeDelivery.now") ?? new Date(),
    leaseUntil: options.done ? undefined : leaseUntil,
    done: options.done === true,
  };
}

/** Deliveries `$18`…`$23`, one array element per delivery; `stored` names the new ones. */
function deliveryCtes(context: StoreContext): string {
  return `delivery_input AS (
      SELECT * FROM unnest($18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
          $23::boolean[])
        WITH ORDINALITY AS d(platform, delivery_id, received_at, event_ids, lease_until, pending,
          idx)
    ),
    delivery AS (
      INSERT INTO ${context.tables.deliveries}
        (platform, delivery_id, received_at, event_ids, pending, lease_until)
      SELECT platform, delivery_id, received_at::timestamptz, event_ids::jsonb, pending,
        lease_until::timestamptz
      FROM delivery_input ORDER BY platform COLLATE "C", delivery_id COLLATE "C"
      ON CONFLICT (platform, delivery_id) DO NOTHING
      RETURNING platform, delivery_id
    ),
    stored AS (
      SELECT i.idx::int AS idx FROM delivery_input i
      JOIN delivery d ON d.platform = i.platform AND d.delivery_id = i.delivery_id
    )`;
}

/** Whether {@link writeDeliveries} can take these together in one statement. */
export function fitsOneStatement(batch: readonly PreparedDelivery[]): boolean {
  let events = 0;
  for (const item of batch) events += item.sorted.length;
  return events <= APPEND_CHUNK_SIZE;
}

/**
 * Writes new deliveries with their events in one statement, one commit for all of them
 * (deliveries in a batch must be distinct). Resolves, per delivery, whether it was new:
 * an old one wrote nothing and is looked at again by {@link revisitDelivery}.
 */
export async function writeDeliveries(
  context: StoreContext,
  batch: readonly PreparedDelivery[],
): Promise<boolean[]> {
  if (batch.length === 1 && !fitsOneStatement(batch)) {
    return [await writeLargeDelivery(context, batch[0]!)];
  }
  const owner = new Map<CorrelatedEvent, number>();
  batch.forEach((item, index) => {
    for (const event of item.sorted) owner.set(event, index + 1);
  });
  const events = [...owner.keys()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { columns, payloads } = appendParameters(events);
  const parameters = [
    ...columns,
    events.map((event) => owner.get(event)!),
    batch.map((item) => item.delivery.platform),
    batch.map((item) => item.delivery.deliveryId),
    batch.map((item) => item.delivery.receivedAt.toISOString()),
    batch.map((item) => JSON.stringify(item.eventIds)),
    batch.map((item) => item.leaseUntil?.toISOString() ?? null),
    batch.map((item) => !item.done),
  ];
  const statement = appendStatement(context, events.length, parameters.length + 1, {
    ctes: deliveryCtes(context),
  });
  const { rows } = await retryOnConflict(() =>
    context.client.query<{ idx: number }>(statement, [...parameters, ...payloads]),
  );
  const stored = new Set(rows.map((row) => Number(row.idx)));
  return batch.map((_, index) => stored.has(index + 1));
}

/** A delivery with more events than one statement takes: a transaction of several. */
function writeLargeDelivery(context: StoreContext, item: PreparedDelivery): Promise<boolean> {
  return retryOnConflict(() =>
    context.client.transaction(async (executor) => {
      const { rows } = await executor.query(
        `INSERT INTO ${context.tables.deliveries}
            (platform, delivery_id, received_at, event_ids, pending, lease_until)
          VALUES ($1, $2, $3::timestamptz, $4::jsonb, $6, $5::timestamptz)
          ON CONFLICT (platform, delivery_id) DO NOTHING
          RETURNING 1`,
        [
          item.delivery.platform,
          item.delivery.deliveryId,
          item.delivery.receivedAt.toISOString(),
          JSON.stringify(item.eventIds),
          item.leaseUntil?.toISOString() ?? null,
          !item.done,
        ],
      );
      if (rows.length === 0) return false;
      await insertPrepared(context, executor, item.sorted);
      return true;
    }),
  );
}

/**
 * Writes one delivery's record and events so both exist or neither does, or, when the
 * delivery was seen before, resumes it (its lease taken) when its work is pending and
 * nobody holds a live lease, and reports it as a duplicate otherwise.
 */
export async function storeDelivery(
  context: StoreContext,
  item: PreparedDelivery,
): Promise<StoreDeliveryResult> {
  const [stored] = await writeDeliveries(context, [item]);
  return stored ? { status: "stored", eventIds: item.eventIds } : revisitDelivery(context, item);
}

/** A delivery seen before: take the lease when its work is pending and free, else duplicate. */
export async function revisitDelivery(
  context: StoreContext,
  item: PreparedDelivery,
): Promise<StoreDeliveryResult> {
  const { delivery, now, leaseUntil } = item;
  const { deliveries } = context.tables;
  // A statement of its own: under READ COMMITTED it sees the row the insert collided with.
  const { rows } = await context.client.query<{ event_ids: unknown; resumed: boolean }>(
    `WITH resumed AS (
        UPDATE ${deliveries} SET lease_until = $3::timestamptz
        WHERE platform = $1 AND delivery_id = $2 AND pending
          AND (lease_until IS NULL OR lease_until <= $4::timestamptz)
        RETURNING event_ids
      )
      SELECT event_ids, true AS resumed FROM resumed
      UNION ALL
      SELECT event_ids, false AS resumed FROM ${deliveries}
        WHERE platform = $1 AND delivery_id = $2 AND NOT EXISTS (SELECT 1 FROM resumed)`,
    [delivery.platform, delivery.deliveryId, leaseUntil?.toISOString() ?? null, now.toISOString()],
  );
  const row = rows[0];
  // Pruned between the two statements: nothing of it is left, so it is new again.
  if (!row) return storeDelivery(context, item);
  return { status: row.resumed ? "resumed" : "duplicate", eventIds: readIds(row.event_ids) };
}

/**
 * Leases pending deliveries whose lease is absent or over, oldest first. `FOR UPDATE SKIP
 * LOCKED` keeps concurrent claimers apart: each row goes to one of them.
 */
export async function claimPendingDeliveries(
  context: StoreContext,
  options: ClaimPendingOptions,
): Promise<PendingDelivery[]> {
  const leaseUntil = dateOption(options.leaseUntil, "claimPendingDeliveries.leaseUntil");
  if (!leaseUntil) {
    throw new ValidationError({
      message: "claimPendingDeliveries: leaseUntil is required (a Date).",
      issues: [{ path: "leaseUntil", message: "expected a Date" }],
    });
  }
  const now = dateOption(options.now, "claimPendingDeliveries.now") ?? new Date();
  const limit = integerOption(options.limit, DEFAULT_CLAIM_LIMIT, {
    min: 1,
    max: 10_000,
    path: "claimPendingDeliveries.limit",
  });
  const platforms = options.platforms ? [...options.platforms] : null;
  const { deliveries } = context.tables;
  const { rows } = await context.client.query<{
    platform: string;
    delivery_id: string;
    received_at: Date | string;
    event_ids: unknown;
  }>(
    `UPDATE ${deliveries} AS d SET lease_until = $1::timestamptz
      FROM (
        SELECT platform, delivery_id FROM ${deliveries}
        WHERE pending AND (lease_until IS NULL OR lease_until <= $2::timestamptz)
          AND ($4::text[] IS NULL OR platform = ANY($4::text[]))
        ORDER BY received_at, platform, delivery_id
        LIMIT $3
        FOR UPDATE SKIP LOCKED
      ) AS claimed
      WHERE d.platform = claimed.platform AND d.delivery_id = claimed.delivery_id
      RETURNING d.platform, d.delivery_id, d.received_at, d.event_ids`,
    [leaseUntil.toISOString(), now.toISOString(), limit, platforms],
  );
  return rows
    .map((row) => ({
      platform: row.platform,
      deliveryId: row.delivery_id,
      receivedAt: new Date(row.received_at),
      eventIds: readIds(row.event_ids),
    }))
    .sort(
      (a, b) =>
        a.receivedAt.getTime() - b.receivedAt.getTime() ||
        compare(a.platform, b.platform) ||
        compare(a.deliveryId, b.deliveryId),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `event_ids` as the drivers return jsonb: parsed (pg, PGlite) or text. */
function readIds(value: unknown): string[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
