import type { z } from "zod";
import { parseWithSchema } from "../errors/parse-with-schema";

/** Steps around the schema parse of {@link SealedValues}. */
export interface SealingSteps<Schema extends z.ZodType> {
  /** Runs on the raw input before the schema parse (e.g. to repair a field it would reject). */
  prepare?: (input: unknown) => unknown;
  /** Runs on the parsed value (e.g. to make it storable); may return a new value. */
  finish?: (value: z.output<Schema>) => z.output<Schema>;
}

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
   * @param steps Optional steps before and after the schema parse.
   */
  constructor(
    private readonly schema: Schema,
    private readonly what: string,
    private readonly freeze: (value: z.output<Schema>) => void,
    private readonly steps: SealingSteps<Schema> = {},
  ) {}

  /**
   * Validates `input` (unless sealed already), freezes the result and remembers it.
   * Throws `ValidationError` for invalid input.
   */
  seal(input: unknown, what = this.what): z.output<Schema> {
    if (this.isSealed(input)) return input;
    return this.adopt(this.parseUnsealed(input, what));
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
    return this.parseUnsealed(input, what);
  }

  private parseUnsealed(input: unknown, what: string): z.output<Schema> {
    const { prepare, finish } = this.steps;
    const value = parseWithSchema(this.schema, prepare ? prepare(input) : input, what);
    return finish ? finish(value) : value;
  }

  /** Whether `input` was sealed by this set. */
  isSealed(input: unknown): input is z.output<Schema> {
    return typeof input === "object" && input !== null && this.sealed.has(input);
  }
}
