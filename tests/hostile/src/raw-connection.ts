import { connect, type Socket } from "node:net";

/** One HTTP response read off the wire. */
export interface RawResponse {
  /** Status code. */
  status: number;
  /** Headers, names in lower case (repeats joined with ", "). */
  headers: Record<string, string>;
  /** The body, as far as it arrived. */
  body: string;
  /** Whether the whole body arrived (by Content-Length, chunked end, or close). */
  complete: boolean;
}

/**
 * A raw TCP connection to an HTTP server, for what a well-behaved client never sends:
 * unknown methods, lying lengths, bodies that stop, pipelined requests, header trickles.
 * It records everything the server sends and whether the server closed the connection.
 */
export class RawConnection {
  private readonly chunks: Buffer[] = [];
  private readonly listeners = new Set<() => void>();
  /** Whether the server closed or reset the connection. */
  closed = false;
  /** The socket error seen, if any (`ECONNRESET`, `EPIPE`). */
  error: string | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.notify();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.error = error.code ?? error.message;
      this.notify();
    });
    socket.on("close", () => {
      this.closed = true;
      this.notify();
    });
  }

  /** Connects to `127.0.0.1:port`. */
  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Everything received so far, as Latin-1 text (byte for byte). */
  get text(): string {
    return Buffer.concat(this.chunks).toString("latin1");
  }

  /** The responses received so far (interim `1xx` ones included). */
  get responses(): RawResponse[] {
    return parseResponses(this.text, this.closed);
  }

  /** Writes bytes; resolves once handed to the OS, or at once if the connection broke. */
  write(data: string | Uint8Array): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data, () =>
        resolve(),
      );
    });
  }

  /**
   * Resolves true as soon as `condition` holds (checked whenever something arrives or the
   * connection closes), or false after `timeoutMs`.
   */
  waitFor(condition: (connection: this) => boolean, timeoutMs: number): Promise<boolean> {
    if (condition(this)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!condition(this)) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(result);
      };
      this.listeners.add(check);
    });
  }

  /** Resolves once the server answered `count` final (non-1xx) responses or closed. */
  async waitForResponses(count: number, timeoutMs: number): Promise<RawResponse[]> {
    await this.waitFor(
      (connection) =>
        connection.closed ||
        connection.responses.filter((response) => response.status >= 200 && response.complete)
          .length >= count,
      timeoutMs,
    );
    return this.responses.filter((response) => response.status >= 200);
  }

  /** Drops the connection abruptly (a client that goes away mid-request). */
  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Parses consecutive HTTP/1.x responses; the last one may be incomplete. */
export function parseResponses(text: string, closed: boolean): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  while (offset < text.length) {
    const headEnd = text.indexOf("\r\n\r\n", offset);
    if (headEnd === -1) break;
    const [statusLine, ...lines] = text.slice(offset, headEnd).split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "");
    if (!status) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const code = Number(status[1]);
    let cursor = headEnd + 4;
    let body = "";
    let complete = true;
    if (code >= 200 && code !== 204 && code !== 304) {
      if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
        complete = false;
        for (;;) {
          const sizeEnd = text.indexOf("\r\n", cursor);
          if (sizeEnd === -1) break;
          const size = Number.parseInt(text.slice(cursor, sizeEnd), 16);
          if (!Number.isFinite(size) || text.length < sizeEnd + 2 + size + 2) break;
          cursor = sizeEnd + 2 + size + 2;
          if (size === 0) {
            complete = true;
            break;
          }
          body += text.slice(sizeEnd + 2, sizeEnd + 2 + size);
        }
      } else if (headers["content-length"] !== undefined) {
        const length = Number(headers["content-length"]);
        body = text.slice(cursor, cursor + length);
        complete = body.length === length;
        cursor += body.length;
      } else {
        body = text.slice(cursor);
        complete = closed;
        cursor = text.length;
      }
    }
    responses.push({ status: code, headers, body, complete });
    if (!complete) break;
    offset = cursor;
  }
  return responses;
}
