import { NotFoundError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { retryOnConflict, sqlState } from "./sql-errors";

function postgresError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe("retryOnConflict", () => {
  it("retries deadlock victims and serialization failures, then succeeds", async () => {
    const failures = [postgresError("40P01"), postgresError("40001")];
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);
  });

  it("gives up after the given attempts and never retries other errors", async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw postgresError("40P01");
      }, 2),
    ).rejects.toMatchObject({ code: "40P01" });
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw postgresError("23505");
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(calls).toBe(1);
  });
});

describe("sqlState", () => {
  it("reads SQLSTATE only from driver errors", () => {
    expect(sqlState(postgresError("40P01"))).toBe("40P01");
    expect(sqlState(new NotFoundError({ entity: "event", id: "x" }))).toBeUndefined();
    expect(sqlState(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(sqlState("40P01")).toBeUndefined();
  });
});
