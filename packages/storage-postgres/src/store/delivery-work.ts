import type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
} from "@contexten/core";
import { ValidationError } from "@contexten/core";
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

/** The delivery row of a new delivery: `$18`…`$22` after the append statement's `$1`…`$17`. */
function deliveryInsert(context: StoreContext, first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `INSERT INTO ${context.tables.deliveries}
        (platform, delivery_id, received_at, event_ids, pending, lease_until)
      VALUES (${p(0)}, ${p(1)}, ${p(2)}::timestamptz, ${p(3)}::jsonb, true, ${p(4)}::timestamptz)
      ON CONFLICT (platform, delivery_id) DO NOTHING
      RETURNING 1`;
}

function deliveryParameters(
  delivery: DeliveryRecord,
  eventIds: string[],
  leaseUntil: Date | undefined,
) {
  return [
    delivery.platform,
    delivery.deliveryId,
    delivery.receivedAt.toISOString(),
    JSON.stringify(eventIds),
    leaseUntil?.toISOString() ?? null,
  ];
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

/**
 * Writes a new delivery's record and events in one statement (one transaction for more
 * than {@link APPEND_CHUNK_SIZE} events), so both exist or neither does. A delivery seen
 * before is resumed (its lease taken) when its work is pending and nobody holds a live
 * lease, and reported as a duplicate otherwise.
 */
export async function storeDelivery(
  context: StoreContext,
  delivery: DeliveryRecord,
  options: StoreDeliveryOptions,
): Promise<StoreDeliveryResult> {
  checkDelivery(delivery);
  const now = dateOption(options.now, "storeDelivery.now") ?? new Date();
  const leaseUntil = dateOption(options.leaseUntil, "storeDelivery.leaseUntil");
  // Validated before anything is written or read, whether or not the delivery is known.
  const { sorted } = prepareEvents(delivery.events);
  const eventIds = delivery.events.map((event) => event.id);
  const record = deliveryParameters(delivery, eventIds, leaseUntil);

  const stored = await retryOnConflict(async () => {
    if (sorted.length <= APPEND_CHUNK_SIZE) {
      const statement = appendStatement(context, {
        cte: `delivery AS (${deliveryInsert(context, 18)})`,
        name: "delivery",
      });
      const { rows } = await context.client.query<{ stored: boolean }>(statement, [
        ...appendParameters(sorted),
        ...record,
      ]);
      return rows[0]?.stored === true;
    }
    return context.client.transaction(async (executor) => {
      const { rows } = await executor.query(deliveryInsert(context, 1), record);
      if (rows.length === 0) return false;
      await insertPrepared(context, executor, sorted);
      return true;
    });
  });
  if (stored) return { status: "stored", eventIds };
  return revisit(context, delivery, now, leaseUntil);
}

/** A delivery seen before: take the lease when its work is pending and free, else duplicate. */
async function revisit(
  context: StoreContext,
  delivery: DeliveryRecord,
  now: Date,
  leaseUntil: Date | undefined,
): Promise<StoreDeliveryResult> {
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
  if (!row) return storeDelivery(context, delivery, { now, leaseUntil });
  return { status: row.resumed ? "resumed" : "duplicate", eventIds: readIds(row.event_ids) };
}

/** Marks a delivery's after-ack work done; unknown deliveries are ignored. */
export async function completeDelivery(
  context: StoreContext,
  platform: string,
  deliveryId: string,
): Promise<void> {
  await context.client.query(
    `UPDATE ${context.tables.deliveries} SET pending = false, lease_until = NULL
      WHERE platform = $1 AND delivery_id = $2 AND pending`,
    [platform, deliveryId],
  );
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
