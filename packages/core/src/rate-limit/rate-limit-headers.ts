/** Response headers in any of the shapes SDKs hand them over. */
export type HeaderInput =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>
  | Iterable<readonly [string, string]>;

/** Header names lower-cased, multiple values joined with `, `. */
export type HeaderRecord = Record<string, string>;

/** Normalises any {@link HeaderInput} to a plain record with lower-case names. */
export function normalizeHeaders(input: HeaderInput | undefined): HeaderRecord {
  const record: HeaderRecord = {};
  if (!input) return record;
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    record[name.toLowerCase()] = text;
  };
  if (
    typeof (input as Headers).forEach === "function" &&
    typeof (input as Headers).get === "function"
  ) {
    (input as Headers).forEach((value, name) => {
      add(name, value);
    });
  } else if (Symbol.iterator in input) {
    for (const [name, value] of input as Iterable<readonly [string, string]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(input)) add(name, value);
  }
  return record;
}

/** A header's value as a finite number, or undefined. */
export function numericHeader(headers: HeaderRecord, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * `Retry-After` in milliseconds from now: delay-seconds (`7`) or an HTTP date. Undefined
 * when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Reads an epoch reset header: GitHub sends seconds, Linear milliseconds. Values below
 * 10^11 are taken as seconds, so either works.
 */
export function epochHeaderMs(headers: HeaderRecord, name: string): number | undefined {
  const value = numericHeader(headers, name);
  if (value === undefined) return undefined;
  return value < 1e11 ? value * 1000 : value;
}
