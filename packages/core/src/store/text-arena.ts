/**
 * A long-lived JSON text as the memory store keeps it: short texts stay strings; longer
 * ones are UTF-8 bytes in a shared buffer (see {@link TextArena}).
 */
export type StoredText = string | ArenaText;

/** A text's bytes in an arena buffer. */
export interface ArenaText {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** Texts shorter than this (in UTF-16 units) stay strings: the slice would cost as much. */
const MIN_ARENA_TEXT = 512;
/** Size of one shared buffer. */
const SLAB_BYTES = 4 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface WellFormedCheck {
  isWellFormed?(): boolean;
}

/**
 * Keeps payload texts outside the JavaScript heap, as UTF-8 bytes appended to large
 * shared buffers. A store that keeps every received payload as a string makes the garbage
 * collector copy each one (twice) before it settles in the old generation, and that copying
 * was most of the cost of storing a webhook in memory; bytes in a few large buffers are
 * never copied nor scanned. A buffer is freed by the garbage collector once no stored
 * text points into it (pruned events release their share as they go).
 *
 * Reading decodes the bytes again, which is exact for well-formed text; a text with lone
 * surrogates (which UTF-8 cannot carry) stays a string.
 */
export class TextArena {
  private slab: Uint8Array | undefined;
  private used = 0;

  /** Stores a text; returns what to keep for it. */
  put(text: string): StoredText {
    if (text.length < MIN_ARENA_TEXT) return text;
    if ((text as WellFormedCheck).isWellFormed?.() === false) return text;
    const most = text.length * 3;
    if (most > SLAB_BYTES / 4) {
      const bytes = encoder.encode(text);
      return { bytes, start: 0, end: bytes.length };
    }
    if (this.slab === undefined || this.used + most > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const start = this.used;
    this.used += encoder.encodeInto(text, this.slab.subarray(start)).written;
    return { bytes: this.slab, start, end: this.used };
  }
}

/** The text a {@link StoredText} holds. */
export function readStoredText(stored: StoredText): string {
  return typeof stored === "string"
    ? stored
    : decoder.decode(stored.bytes.subarray(stored.start, stored.end));
}
