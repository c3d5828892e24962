import { ValidationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./event-cursor";

describe("event cursors", () => {
  it("round-trip exactly, ids with any characters included", () => {
    const cursor = { micros: "1735689600123456", id: 'evt/ü "quoted" ,[]' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("reject anything this store did not issue with a ValidationError", () => {
    const forged = [
      "",
      "%%%",
      Buffer.from("{}").toString("base64url"),
      Buffer.from('["12.5","id"]').toString("base64url"),
      Buffer.from('["1; DROP TABLE events","id"]').toString("base64url"),
      Buffer.from('["1", 2]').toString("base64url"),
    ];
    for (const text of forged) {
      expect(() => decodeCursor(text)).toThrow(ValidationError);
    }
  });
});
