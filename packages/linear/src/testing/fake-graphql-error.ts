import type { FakeResponse } from "@contexten/core/testing";

/** Extensions Linear puts on a GraphQL error. */
export interface FakeGraphqlErrorExtensions {
  /** Machine code, e.g. `INPUT_ERROR`, `AUTHENTICATION_ERROR`, `RATELIMITED`. */
  code: string;
  /** Linear's error type, e.g. `invalid input`. */
  type: string;
  /** Message for people. */
  userPresentableMessage?: string;
  /** True when the caller's input caused it. */
  userError?: boolean;
}

/**
 * An error a fake operation answers the way Linear does: HTTP 400 with
 * `{ errors: [{ message, path, extensions }], data: null }`.
 */
export class FakeGraphqlError extends Error {
  readonly extensions: FakeGraphqlErrorExtensions;
  readonly status: number;

  constructor(message: string, extensions: FakeGraphqlErrorExtensions, status = 400) {
    super(message);
    this.extensions = extensions;
    this.status = status;
  }

  /** `Entity not found: <Entity>`, as Linear answers an unknown id or identifier. */
  static notFound(entity: string): FakeGraphqlError {
    return new FakeGraphqlError(`Entity not found: ${entity}`, {
      code: "INPUT_ERROR",
      type: "invalid input",
      userError: true,
      userPresentableMessage: `Could not find referenced ${entity}.`,
    });
  }

  /** An argument validation error. */
  static invalidInput(message: string): FakeGraphqlError {
    return new FakeGraphqlError("Argument Validation Error", {
      code: "INVALID_INPUT",
      type: "invalid input",
      userError: true,
      userPresentableMessage: message,
    });
  }

  /** The response for this error; `path` is the failing root field. */
  toResponse(path: string | undefined): FakeResponse {
    return {
      status: this.status,
      json: {
        errors: [
          { message: this.message, ...(path ? { path: [path] } : {}), extensions: this.extensions },
        ],
        data: null,
      },
    };
  }
}
