import { generateKeyPairSync, verify } from "node:crypto";
import { ConfigurationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { nodeAppJwtSigner } from "./sign-app-jwt";

const pkcs1 = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const NOW = Date.UTC(2030, 0, 1, 9);

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("nodeAppJwtSigner", () => {
  it("signs RS256 tokens issued 30 s back and valid ten minutes, with the clock's time", async () => {
    const sign = nodeAppJwtSigner(pkcs1.privateKey, () => NOW)!;
    const { jwt, expiresAt } = await sign(4242);
    const [header, claims, signature] = jwt.split(".");
    expect(decode(header!)).toEqual({ alg: "RS256", typ: "JWT" });
    const issuedAt = NOW / 1000 - 30;
    expect(decode(claims!)).toEqual({ iat: issuedAt, exp: issuedAt + 600, iss: 4242 });
    expect(expiresAt).toBe(new Date((issuedAt + 600) * 1000).toISOString());
    expect(
      verify(
        "sha256",
        Buffer.from(`${header}.${claims}`),
        pkcs1.publicKey,
        Buffer.from(signature!, "base64url"),
      ),
    ).toBe(true);
    // auth-app passes the difference it measured against GitHub's clock.
    const skewed = await sign("Iv1.abc", 120);
    expect(decode(skewed.jwt.split(".")[1]!)).toMatchObject({
      iat: issuedAt + 120,
      iss: "Iv1.abc",
    });
  });

  it("refuses a key it cannot read with a ConfigurationError that says what to pass", async () => {
    const sign = nodeAppJwtSigner("not a key", () => NOW)!;
    const error = await sign(1).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("BEGIN RSA PRIVATE KEY");
  });
});
