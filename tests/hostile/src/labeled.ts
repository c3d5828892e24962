import fc from "fast-check";

/**
 * A hostile value with a short name. fast-check prints the name in counterexamples
 * instead of 64 KiB of text or a 100,000-deep array.
 */
export class Labeled<T = unknown> {
  /**
   * @param label What the value is, e.g. `huge string (64 KiB)`.
   * @param value The value itself.
   */
  constructor(
    readonly label: string,
    readonly value: T,
  ) {}

  /** Used by fast-check when it prints a counterexample. */
  [fc.toStringMethod](): string {
    return this.label;
  }
}

/** A value labeled with its own (short) JSON text. */
export function labeledAsJson<T>(value: T): Labeled<T> {
  const text = JSON.stringify(value) ?? String(value);
  return new Labeled(text.length > 80 ? `${text.slice(0, 77)}...` : text, value);
}
