import { ConfigurationError, ContextenError, ValidationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { STORE_UNAVAILABLE, toStoreError } from "./store-errors";

function postgresError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe("toStoreError", () => {
  it("turns data PostgreSQL refuses for good (classes 22 and 54) into a ValidationError", () => {
    for (const code of ["22P05", "22021", "22001", "22003", "22007", "22008", "54000", "54001"]) {
      const cause = postgresError(code, "index row size 3016 exceeds btree version 4 maximum 2704");
      const error = toStoreError(cause, "append") as ValidationError;
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(error.code).toBe("validation_failed");
      expect(error.message).toContain(`SQLSTATE ${code}`);
      expect(error.message).toMatch(/^PostgreSQL refused the data of append .*nothing was written/);
      expect(error.issues[0]?.message).toContain("index row size 3016");
      expect(error.cause).toBe(cause);
    }
  });

  it("turns lost connections, timeouts and overload into store_unavailable", () => {
    const causes = [
      postgresError("57P01", "terminating connection due to administrator command"),
      postgresError("57014", "canceling statement due to statement timeout"),
      postgresError("08006"),
      postgresError("53300", "sorry, too many clients already"),
      postgresError("40P01", "deadlock detected"),
      postgresError("25006", "cannot execute INSERT in a read-only transaction"),
      postgresError("25P03"),
      postgresError("55P03"),
      postgresError("58030"),
      postgresError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"),
      postgresError("ECONNRESET", "read ECONNRESET"),
      Object.assign(new Error("write EPIPE"), { code: "EPIPE", syscall: "write" }),
      new AggregateError([postgresError("ECONNREFUSED")], "connect failed"),
      new Error("Connection terminated unexpectedly"),
      new Error("Connection terminated due to connection timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
      new Error("Client has encountered a connection error and is not queryable"),
    ];
    for (const cause of causes) {
      const error = toStoreError(cause, "recordDelivery") as ContextenError;
      expect(ContextenError.isInstance(error), cause.message).toBe(true);
      expect(ValidationError.isInstance(error)).toBe(false);
      expect(error.code).toBe(STORE_UNAVAILABLE);
      expect(error.message).toMatch(/^PostgreSQL is unavailable; recordDelivery may not have/);
      expect(error.cause).toBe(cause);
    }
  });

  it("passes contexten errors and anything it cannot classify through unchanged", () => {
    const passThrough = [
      new ConfigurationError({ message: "closed" }),
      new ValidationError({ message: "bad" }),
      postgresError("42P01", 'relation "x" does not exist'),
      postgresError("23505"),
      new TypeError("a bug"),
      "a string",
    ];
    for (const error of passThrough) expect(toStoreError(error, "get")).toBe(error);
  });
});
