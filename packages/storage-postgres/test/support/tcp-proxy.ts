import net from "node:net";

/** A TCP proxy on a random loopback port that can stop forwarding without closing. */
export interface TcpProxy {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  /** Stops forwarding in both directions; sockets stay open, data is held. */
  hang(): void;
  /**
   * Forwards until the client sends bytes containing `marker`, then hangs (those bytes
   * are held too), e.g. the parameters of one particular statement.
   */
  hangOn(marker: string): void;
  /** Whether it is hanging now. */
  readonly hanging: boolean;
  /** Forwards again, held data first. */
  resume(): void;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

interface Link {
  client: net.Socket;
  upstream: net.Socket;
  /** Data not forwarded while hanging, in arrival order, with its destination. */
  held: [net.Socket, Buffer][];
  /** The last bytes the client sent, so a marker split across packets is still found. */
  tail: Buffer;
}

/**
 * Starts a proxy to `target`. While it hangs, connections are accepted and kept open but
 * nothing reaches the other side: what a database behind a stalled network looks like.
 * A side that closes is closed on the other side too (its held data dropped), so the
 * server ends sessions the client gave up on.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let hanging = false;
  let marker: Buffer | undefined;
  const links = new Set<Link>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const link: Link = { client, upstream, held: [], tail: Buffer.alloc(0) };
    links.add(link);
    const forward = (from: net.Socket, to: net.Socket) => {
      from.on("data", (chunk: Buffer) => {
        if (from === client && marker) {
          const window = Buffer.concat([link.tail, chunk]);
          if (window.includes(marker)) {
            hanging = true;
            marker = undefined;
          }
          link.tail = window.subarray(Math.max(0, window.length - 256));
        }
        if (hanging) link.held.push([to, chunk]);
        else to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
    const closeBoth = () => {
      link.held = [];
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("close", closeBoth);
      // Resets are expected when either side gives up; the close handler cleans up.
      socket.on("error", () => {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    hang() {
      hanging = true;
    },
    hangOn(text) {
      marker = Buffer.from(text);
    },
    get hanging() {
      return hanging;
    },
    resume() {
      hanging = false;
      for (const link of links) {
        for (const [to, chunk] of link.held) to.write(chunk);
        link.held = [];
      }
    },
    async close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
