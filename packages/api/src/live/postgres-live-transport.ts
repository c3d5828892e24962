import { ConfigurationError } from "@contexten/core";
import { type LiveMessage, type LiveTransport, parseLiveMessage } from "./live-transport";

/** The part of a `pg` client the transport uses. */
export interface NotificationClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(
    event: "notification",
    listener: (message: { channel: string; payload?: string }) => void,
  ): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  release(error?: Error | boolean): void;
}

/** The part of a `pg.Pool` the transport uses. */
export interface NotificationPool {
  query(text: string, values?: unknown[]): Promise<unknown>;
  connect(): Promise<NotificationClient>;
}

/** Options for {@link createPostgresLiveTransport}. */
export interface PostgresLiveTransportOptions {
  /** A `pg.Pool` on the database every instance shares; one connection is held for `LISTEN`. */
  pool: NotificationPool;
  /** Notification channel (default `contexten_api`); instances that should hear each other use the same one. */
  channel?: string | undefined;
  /** Receives connection errors (default `console.error`); the transport reconnects after one. */
  onError?: ((error: unknown) => void) | undefined;
  /** Delay before reconnecting after the `LISTEN` connection failed, ms (default 1000). */
  reconnectDelayMs?: number | undefined;
}

/** NOTIFY payloads above 8000 bytes are refused by PostgreSQL; leave room for escaping. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * A {@link LiveTransport} over PostgreSQL `LISTEN/NOTIFY`: every instance on the same
 * database and channel hears every message. Messages sent while an instance's `LISTEN`
 * connection is down are not replayed to it.
 */
export function createPostgresLiveTransport(options: PostgresLiveTransportOptions): LiveTransport {
  const channel = options.channel ?? "contexten_api";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new ConfigurationError({
      message: `channel ${JSON.stringify(channel)} must be lower-case letters, digits and _ (at most 63), e.g. "contexten_api".`,
    });
  }
  const onError = options.onError ?? ((error: unknown) => console.error("[contexten/api]", error));
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000;

  return {
    async publish(message) {
      let payload = JSON.stringify(message);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES && message.kind === "workflow") {
        const error = message.update.error;
        payload = JSON.stringify({
          ...message,
          update: {
            ...message.update,
            ...(error
              ? { error: { code: error.code, message: error.message.slice(0, 2000) } }
              : {}),
          },
        } satisfies LiveMessage);
      }
      await options.pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },

    async subscribe(listener) {
      let client: NotificationClient | undefined;
      let stopped = false;
      let retry: ReturnType<typeof setTimeout> | undefined;

      const listen = async (): Promise<void> => {
        const connected = await options.pool.connect();
        connected.on("notification", (notification) => {
          if (notification.channel !== channel || !notification.payload) return;
          const message = parseLiveMessage(notification.payload);
          if (message) listener(message);
        });
        connected.on("error", (error) => {
          onError(error);
          connected.removeAllListeners();
          connected.release(error);
          if (client === connected) client = undefined;
          if (!stopped) retry = setTimeout(reconnect, reconnectDelayMs);
        });
        await connected.query(`LISTEN ${channel}`);
        client = connected;
      };
      const reconnect = (): void => {
        listen().catch((error: unknown) => {
          onError(error);
          if (!stopped) retry = setTimeout(reconnect, reconnectDelayMs);
        });
      };

      await listen();
      return async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const current = client;
        client = undefined;
        if (!current) return;
        current.removeAllListeners();
        try {
          await current.query(`UNLISTEN ${channel}`);
          current.release();
        } catch (error) {
          current.release(error as Error);
        }
      };
    },
  };
}
