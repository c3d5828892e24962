import { LINEAR_WEBHOOK_HEADERS } from "@contexten/linear";
import { SLACK_WEBHOOK_HEADERS } from "@contexten/slack";
import fc from "fast-check";
import { ALL_FIXTURES } from "./fixtures";
import { Labeled } from "./labeled";

/** Methods with a meaning in HTTP or WebDAV, sent as they are and in lower case. */
export const STANDARD_METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "SEARCH",
  "QUERY",
  "REPORT",
  "PURGE",
  "LINK",
  "UNLINK",
] as const;

/**
 * Methods Fetch's `Request` refuses to construct, so they cannot reach `handler(request)`
 * in process; the hostile-request corpus sends them to a real server instead.
 */
const UNCONSTRUCTIBLE_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** A request as data, so a counterexample prints short and replays exactly. */
export class RequestSpec {
  /**
   * @param method Request method.
   * @param path Path and query.
   * @param headers Header pairs, in order (repeats allowed).
   * @param body The body, when the method may have one.
   */
  constructor(
    readonly method: string,
    readonly path: string,
    readonly headers: readonly (readonly [string, string])[],
    readonly body: Labeled<string | Uint8Array> | undefined,
  ) {}

  /** The Fetch `Request` this spec describes. */
  toRequest(): Request {
    const headers = new Headers();
    for (const [name, value] of this.headers) headers.append(name, value);
    const body = this.body?.value;
    return new Request(`http://127.0.0.1${this.path}`, {
      method: this.method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : new Uint8Array(body) }),
    });
  }

  /** Used by fast-check when it prints a counterexample. */
  [fc.toStringMethod](): string {
    const headers = this.headers
      .map(
        ([name, value]) =>
          `${name}: ${value.length > 60 ? `${value.slice(0, 57)}... (${value.length} chars)` : value}`,
      )
      .join(" | ");
    return `${this.method} ${this.path} [${headers}] body=${this.body?.label ?? "none"}`;
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,16}$/;

/** Standard methods (also lower case) and random tokens a `Request` accepts. */
export function anyMethod(): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...STANDARD_METHODS),
      fc.constantFrom(...STANDARD_METHODS).map((method) => method.toLowerCase()),
      fc.stringMatching(TOKEN),
    )
    .filter((method) => !UNCONSTRUCTIBLE_METHODS.has(method.toUpperCase()));
}

/** Paths: the usual webhook routes, traversal and encoding tricks, and random ones. */
export function anyPath(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "/",
      "/webhooks",
      "/webhooks/github",
      "/slack/events",
      "/webhooks/linear?x=1&x=2",
      "/..%2f..%2fetc%2fpasswd",
      "/%00",
      "/%ff%fe",
      "//evil.example/",
      `/${"a".repeat(8000)}`,
    ),
    fc.webPath(),
    fc.tuple(fc.webPath(), fc.webQueryParameters()).map(([path, query]) => `${path}?${query}`),
  );
}

// Header values a `Headers` object accepts: Latin-1 without NUL, CR and LF.
const headerValue = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
    maxLength: 80,
  })
  .map((value) => value.trim());

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });

/**
 * One header: a platform's own headers with forged values (so a source claims the
 * request and reads its body), content headers with lies, and random names and values,
 * sometimes huge.
 */
export function anyHeader(): fc.Arbitrary<readonly [string, string]> {
  const now = () => String(Math.floor(Date.now() / 1000));
  return fc.oneof(
    fc.tuple(
      fc.constant("x-hub-signature-256"),
      fc.oneof(
        hex(64).map((h) => `sha256=${h}`),
        headerValue,
      ),
    ),
    fc.tuple(
      fc.constant("x-github-event"),
      fc.oneof(fc.constantFrom("push", "pull_request", "ping", "issues"), headerValue),
    ),
    fc.tuple(fc.constant("x-github-delivery"), fc.oneof(fc.uuid(), headerValue)),
    fc.tuple(
      fc.constant(SLACK_WEBHOOK_HEADERS.signature),
      fc.oneof(
        hex(64).map((h) => `v0=${h}`),
        headerValue,
      ),
    ),
    fc.tuple(
      fc.constant(SLACK_WEBHOOK_HEADERS.timestamp),
      fc.oneof(fc.constant(0).map(now), headerValue),
    ),
    fc.tuple(fc.constant(LINEAR_WEBHOOK_HEADERS.signature), fc.oneof(hex(64), headerValue)),
    fc.tuple(
      fc.constant(LINEAR_WEBHOOK_HEADERS.event),
      fc.oneof(fc.constantFrom("Issue", "Comment"), headerValue),
    ),
    fc.tuple(fc.constant("content-type"), anyContentType()),
    fc.tuple(
      fc.constant("content-length"),
      fc.oneof(
        fc.constantFrom("-1", "abc", "1e10", "0x10", " 5", "99999999999999999999"),
        fc.nat().map(String),
      ),
    ),
    fc.tuple(
      fc.constant("content-encoding"),
      fc.constantFrom("gzip", "br", "deflate", "identity, gzip"),
    ),
    fc.tuple(fc.stringMatching(TOKEN), headerValue),
    fc.tuple(
      fc.stringMatching(TOKEN),
      fc.constantFrom("x".repeat(64 * 1024), "é".repeat(16 * 1024)),
    ),
  );
}

/** Content types: the ones the sources accept, near misses, and nonsense. */
export function anyContentType(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/x-www-form-urlencoded",
      "application/json; charset=utf-16",
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      ";",
      "",
    ),
    headerValue,
  );
}

const FIXTURE_TEXTS = ALL_FIXTURES.map((fixture) => JSON.stringify(fixture.payload));

/**
 * Bodies that are no delivery: random bytes and text, real payloads cut off, JSON that is
 * no object, and one over the 5 MiB limit.
 */
export function garbageBody(): fc.Arbitrary<Labeled<string | Uint8Array>> {
  return fc.oneof(
    fc
      .uint8Array({ maxLength: 2048 })
      .map((bytes) => new Labeled(`${bytes.length} random bytes`, bytes)),
    fc
      .string({ unit: "binary", maxLength: 512 })
      .map((text) => new Labeled(`text ${JSON.stringify(text.slice(0, 40))}`, text)),
    truncatedPayload(),
    nonObjectJson(),
    fc.constant(new Labeled("6 MiB of zeros", new Uint8Array(6 * 1024 * 1024))),
  );
}

/** A real payload's JSON text cut off before its end. */
export function truncatedPayload(): fc.Arbitrary<Labeled<string>> {
  return fc
    .tuple(
      fc.nat(FIXTURE_TEXTS.length - 1),
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    )
    .map(([index, share]) => {
      const text = FIXTURE_TEXTS[index]!;
      const cut = Math.floor(text.length * share);
      return new Labeled(`payload #${index} cut at ${cut} of ${text.length}`, text.slice(0, cut));
    });
}

/** JSON that parses but is no object: arrays, strings, numbers, booleans, null. */
export function nonObjectJson(): fc.Arbitrary<Labeled<string>> {
  return fc
    .jsonValue({ maxDepth: 2 })
    .filter((value) => typeof value !== "object" || value === null || Array.isArray(value))
    .map((value) => {
      const text = JSON.stringify(value);
      return new Labeled(`JSON ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`, text);
    });
}

/** Any request a stranger can send in process: method, path, headers and body all hostile. */
export function strangerRequest(): fc.Arbitrary<RequestSpec> {
  return fc
    .tuple(
      anyMethod(),
      anyPath(),
      fc.array(anyHeader(), { maxLength: 8 }),
      fc.option(garbageBody(), { nil: undefined }),
    )
    .map(
      ([method, path, headers, body]) =>
        new RequestSpec(
          method,
          path,
          headers,
          ["GET", "HEAD"].includes(method.toUpperCase()) ? undefined : body,
        ),
    );
}
