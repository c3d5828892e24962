import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/validation-error";
import { correlationKeySchema } from "../models/correlated-event";
import { platformObjectKey } from "./platform-object-key";

describe("platformObjectKey", () => {
  it("builds a normalized, schema-valid key", () => {
    const key = platformObjectKey("linear", "comment", " 3F2B1C0A-AAAA-4BBB-8CCC-000000000001 ");
    expect(key).toBe("linear:comment:3f2b1c0a-aaaa-4bbb-8ccc-000000000001");
    expect(correlationKeySchema.safeParse(key).success).toBe(true);
    expect(platformObjectKey("slack", "file", 42)).toBe("slack:file:42");
  });

  it("rejects kinds and ids that would make ambiguous keys", () => {
    for (const [platform, kind, id] of [
      ["Linear", "comment", "1"],
      ["linear", "Comment", "1"],
      ["linear", "comment:x", "1"],
      ["linear", "comment", " "],
      ["linear", "comment", "a b"],
    ] as const) {
      expect(() => platformObjectKey(platform, kind, id)).toThrow(ValidationError);
    }
  });
});
