import type { RedisClient } from "./bucket-script-client";

/** Server replies that mean "not now" rather than "wrong request". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY)\b/;

/** Thrown without sending when the connection is known to be down. */
export class RedisUnreachableError extends Error {
  constructor(status: string) {
    super(`Redis is not reachable (connection ${status}).`);
    this.name = "RedisUnreachableError";
  }
}

/**
 * True when `error` means Redis could not be asked (connection closed or refused, timeout,
 * a server still loading or failing over), false for errors in the request itself, which
 * must surface instead of being ridden out.
 */
export function isUnavailable(error: unknown, client: RedisClient): boolean {
  if (client.status !== "ready") return true;
  if (!(error instanceof Error)) return false;
  if (error.name === "ReplyError") return TRANSIENT_REPLY.test(error.message);
  return true;
}

/**
 * Watches a client's connection: once it has been ready, commands sent while it is down
 * would wait in ioredis's offline queue for the next connection; callers fail fast instead
 * (with {@link RedisUnreachableError}) and use their fallback. Before the first connection,
 * commands are left to queue, so a process that starts before Redis does not begin in
 * fallback.
 */
export class ConnectionWatch {
  #everReady: boolean;

  constructor(
    readonly client: RedisClient,
    onReady: () => void = () => {},
  ) {
    this.#everReady = client.status === "ready";
    client.on("ready", () => {
      this.#everReady = true;
      onReady();
    });
  }

  /** Throws {@link RedisUnreachableError} when sending now would only queue. */
  assertReachable(): void {
    const { status } = this.client;
    if (this.#everReady && status !== "ready") throw new RedisUnreachableError(status);
  }
}
