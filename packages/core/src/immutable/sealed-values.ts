import type { z } from "zod";
import { parseWithSchema } from "../errors/parse-with-schema";

/**
 * Values of one schema that were validated once and then frozen, so every later check of
 * the same object is a set lookup instead of a schema parse. A frozen, validated value
 * cannot become invalid, which is what makes skipping the parse safe; an unsealed value
 * (anything a caller built or changed) is parsed as usual.
 */
export class SealedValues<Schema extends z.ZodType> {
  private readonly sealed = new WeakSet<object>();

  /**
   * @param schema What sealed values satisfy.
   * @param what Name used in validation errors.
   * @param freeze Freezes a validated value deeply enough that it stays valid.
   */
  constructor(
    private readonly schema: Schema,
    private readonly what: string,
    private readonly freeze: (value: z.output<Schema>) => void,
  ) {}

  /**
   * Validates `input` (unless sealed already), freezes the result and remembers it.
   * Throws `ValidationError` for invalid input.
   */
  seal(input: unknown, what = this.what): z.output<Schema> {
    if (this.isSealed(input)) return input;
    const value = parseWithSchema(this.schema, input, what);
    return this.adopt(value);
  }

  /**
   * Freezes and remembers a value the caller built from already validated parts, without
   * parsing it. Only for values that satisfy the schema by construction.
   */
  adopt(value: z.output<Schema>): z.output<Schema> {
    this.freeze(value);
    this.sealed.add(value as object);
    return value;
  }

  /** `input` itself when sealed, otherwise a parsed copy; throws `ValidationError`. */
  parse(input: unknown, what = this.what): z.output<Schema> {
    if (this.isSealed(input)) return input;
    return parseWithSchema(this.schema, input, what);
  }

  /** Whether `input` was sealed by this set. */
  isSealed(input: unknown): input is z.output<Schema> {
    return typeof input === "object" && input !== null && this.sealed.has(input);
  }
}
