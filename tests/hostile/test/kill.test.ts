import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GITHUB_FIXTURES, NORMALIZED_GITHUB_EVENTS } from "../src/fixtures";
import { SECRETS } from "../src/receiver";
import { signatureHeaders } from "../src/signed-request";
import { spawnTsx, type TsxChild } from "../src/tsx-child";

/**
 * SIGKILL in the middle of a stream of signed deliveries, then a restart and the platform's
 * redelivery of everything that was not acknowledged. Whenever the kill lands (during a
 * body read, a store, an ack or post-ack work), nothing acknowledged may be lost and the
 * post-ack work (`onEvent`) must end up having run for every stored event.
 */

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DELIVERIES = 240;
/** Acknowledgements to wait for before the kill: the stream is mid-flight then. */
const KILL_AFTER_ACKS = 90;
const CONCURRENCY = 12;
/** The restarted receiver's clock runs past the dead one's leases (5 minutes). */
const RESTART_CLOCK_OFFSET_MS = 10 * 60_000;

interface Delivery {
  id: string;
  event: string;
  body: string;
}

const schema = `kill_${process.pid}_${randomBytes(3).toString("hex")}`;
let pool: pg.Pool;
const children: TsxChild[] = [];

beforeAll(() => {
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop()));
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

function deliveries(): Delivery[] {
  const stored = GITHUB_FIXTURES.filter(
    (fixture) => fixture.event !== "ping" && NORMALIZED_GITHUB_EVENTS.has(fixture.event!),
  );
  return Array.from({ length: DELIVERIES }, (_, index) => {
    const fixture = stored[index % stored.length]!;
    return {
      id: `kill-${index}`,
      event: fixture.event!,
      body: JSON.stringify(fixture.payload),
    };
  });
}

async function startReceiver(clockOffsetMs: number): Promise<{ child: TsxChild; url: string }> {
  const child = spawnTsx(new URL("../src/kill-receiver.ts", import.meta.url).pathname, {
    KILL_DATABASE_URL: DATABASE_URL,
    KILL_SCHEMA: schema,
    KILL_SECRET: SECRETS.github,
    KILL_CLOCK_OFFSET_MS: String(clockOffsetMs),
  });
  children.push(child);
  for (let waited = 0; waited < 60_000; waited += 50) {
    const port = /listening (\d+)/.exec(child.stdout)?.[1];
    if (port) return { child, url: `http://127.0.0.1:${port}/webhooks` };
    if (child.exit) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the receiver did not start:\n${child.stderr}`);
}

/** Posts one delivery; resolves its status, or `undefined` when the connection died. */
async function post(url: string, delivery: Delivery): Promise<number | undefined> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await signatureHeaders("github", delivery.body, {
          event: delivery.event,
          deliveryId: delivery.id,
        })),
      },
      body: delivery.body,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Sends `list` with a few connections at once, calling `onAck` after each 2xx. */
async function stream(
  url: string,
  list: readonly Delivery[],
  onAck: (delivery: Delivery) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const delivery = list[next++]!;
      const status = await post(url, delivery);
      if (status !== undefined && status >= 200 && status < 300) onAck(delivery);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe("SIGKILL in the middle of a delivery stream, on PostgreSQL", () => {
  it("loses no acknowledged delivery and runs post-ack work for every stored one", async () => {
    const all = deliveries();
    const acked = new Set<string>();

    const first = await startReceiver(0);
    let killed = false;
    await stream(first.url, all, (delivery) => {
      acked.add(delivery.id);
      if (!killed && acked.size >= KILL_AFTER_ACKS) {
        killed = true;
        first.child.process.kill("SIGKILL");
      }
    });
    await first.child.exited;
    expect(first.child.exit?.signal).toBe("SIGKILL");
    const ackedBeforeKill = new Set(acked);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(ackedBeforeKill.size).toBeLessThan(DELIVERIES);

    // Acknowledged means durable: every acknowledged delivery is stored with its events.
    const storedAfterKill = await storedDeliveries();
    const lost = [...ackedBeforeKill].filter((id) => !storedAfterKill.has(id));
    expect(lost).toEqual([]);

    // The platform redelivers what it never saw acknowledged; the restarted receiver
    // also sweeps deliveries whose post-ack work the dead one left pending.
    const second = await startReceiver(RESTART_CLOCK_OFFSET_MS);
    await waitFor(() => /resumed \d+/.test(second.child.stdout), "the first sweep");
    const unacked = all.filter((delivery) => !ackedBeforeKill.has(delivery.id));
    await stream(second.url, unacked, (delivery) => acked.add(delivery.id));
    expect(acked.size).toBe(DELIVERIES);

    // Post-ack work ran for every stored event, and nothing is left pending.
    await waitFor(async () => (await pendingDeliveries()) === 0, "pending post-ack work");
    const { rows: missing } = await pool.query<{ id: string; delivery_id: string }>(
      `SELECT e.id, e.delivery_id FROM "${schema}".events e
        LEFT JOIN "${schema}".after_ack_log l ON l.event_id = e.id
        WHERE l.event_id IS NULL`,
    );
    expect(missing).toEqual([]);
    const stored = await storedDeliveries();
    expect(all.filter((delivery) => !stored.has(delivery.id))).toEqual([]);
    expect(second.child.stderr).not.toMatch(/unhandled|uncaught/i);
  });
});

async function storedDeliveries(): Promise<Set<string>> {
  const { rows } = await pool.query<{ delivery_id: string; events: number; expected: number }>(
    `SELECT d.delivery_id, jsonb_array_length(d.event_ids) AS expected,
        (SELECT count(*)::int FROM "${schema}".events e
          WHERE e.id IN (SELECT jsonb_array_elements_text(d.event_ids))) AS events
      FROM "${schema}".deliveries d`,
  );
  // A delivery counts as stored only with every one of its events.
  return new Set(rows.filter((row) => row.events === row.expected).map((row) => row.delivery_id));
}

async function pendingDeliveries(): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "${schema}".deliveries WHERE pending`,
  );
  return rows[0]!.count;
}

/** Polls `condition` (real time: it waits on another process) up to a minute. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
