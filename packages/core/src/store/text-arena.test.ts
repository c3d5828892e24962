import { describe, expect, it } from "vitest";
import { readStoredText, TextArena } from "./text-arena";

const json = (size: number, filler = "x") =>
  JSON.stringify({ body: filler.repeat(Math.ceil(size / filler.length)).slice(0, size) });

describe("TextArena", () => {
  it("keeps short texts as strings", () => {
    const arena = new TextArena();
    const text = json(10);
    expect(arena.put(text)).toBe(text);
  });

  it("keeps long texts as bytes in a shared buffer and reads them back exactly", () => {
    const arena = new TextArena();
    const first = json(2_000, "ä→😀 ");
    const second = json(3_000, "plain ");
    const a = arena.put(first);
    const b = arena.put(second);
    expect(typeof a).toBe("object");
    expect(typeof b).toBe("object");
    if (typeof a === "string" || typeof b === "string") throw new Error("not stored as bytes");
    expect(a.bytes).toBe(b.bytes);
    expect(b.start).toBe(a.end);
    expect(readStoredText(a)).toBe(first);
    expect(readStoredText(b)).toBe(second);
  });

  it("starts a new buffer when one is full, without touching what was stored", () => {
    const arena = new TextArena();
    const texts = Array.from({ length: 40 }, (_, index) => json(300_000, String(index % 10)));
    const stored = texts.map((text) => arena.put(text));
    const buffers = new Set(stored.map((item) => (typeof item === "string" ? item : item.bytes)));
    expect(buffers.size).toBeGreaterThan(1);
    expect(stored.map(readStoredText)).toEqual(texts);
  });

  it("gives a very long text a buffer of its own", () => {
    const arena = new TextArena();
    const text = json(2_000_000);
    const stored = arena.put(text);
    if (typeof stored === "string") throw new Error("not stored as bytes");
    expect(stored.start).toBe(0);
    expect(stored.bytes.byteLength).toBe(stored.end);
    expect(readStoredText(stored)).toBe(text);
  });

  it("keeps text that UTF-8 cannot carry (a lone surrogate) as a string", () => {
    const arena = new TextArena();
    const text = `${json(1_000)}\ud800`;
    expect(arena.put(text)).toBe(text);
  });
});
