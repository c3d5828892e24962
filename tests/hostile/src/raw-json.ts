/**
 * JSON text spliced verbatim into a serialized payload. Used for values `JSON.stringify`
 * cannot produce (a 100,000-deep array overflows its recursion) but a sender can write.
 */
export class RawJson {
  /** @param text Valid JSON text. */
  constructor(readonly text: string) {}
}

// A string JSON.stringify never writes for our own data: it starts with a NUL character.
const MARKER = /"\\u0000raw:(\d+)"/g;

/** `JSON.stringify`, with every {@link RawJson} in `value` replaced by its text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof RawJson ? `\u0000raw:${raws.push(item.text) - 1}` : item,
  );
  if (raws.length === 0) return text;
  return text.replace(MARKER, (_match, index: string) => raws[Number(index)]!);
}

/** `[[[…]]]`, `depth` levels deep, as JSON text. */
export function deepArray(depth: number): RawJson {
  return new RawJson("[".repeat(depth) + "]".repeat(depth));
}

/** `{"a":{"a":…{}}}`, `depth` levels deep, as JSON text. */
export function deepObject(depth: number): RawJson {
  return new RawJson('{"a":'.repeat(depth) + "{}" + "}".repeat(depth));
}
