import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserJwtVerifier } from "../../../../supabase/functions/_shared/auth/create-user-jwt-verifier.ts";
import { signToken, startJwksServer, TEST_ISSUER } from "./jwks-server.ts";

const LEGACY_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const legacyKey = new TextEncoder().encode(LEGACY_SECRET);

let jwks: Awaited<ReturnType<typeof startJwksServer>>;

beforeAll(async () => {
  jwks = await startJwksServer();
});

afterAll(async () => {
  await jwks.close();
});

describe("createUserJwtVerifier", () => {
  it("accepts a token signed with a key from the JWKS and returns its claims", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const claims = await verify(await signToken({ key: jwks.privateKey, kid: jwks.kid }));

    expect(claims).toMatchObject({
      sub: "8d0f5f5e-5a59-4f53-9c1c-3d6e7f9a1b2c",
      role: "authenticated",
      email: "ada@example.com",
      aal: "aal1",
    });
  });

  it("fetches the JWKS once and reuses it for later tokens", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const before = jwks.fetchCount();
    for (let i = 0; i < 3; i++) {
      await verify(await signToken({ key: jwks.privateKey, kid: jwks.kid }));
    }

    expect(jwks.fetchCount() - before).toBe(1);
  });

  it("rejects an expired token", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid, expiresIn: -60 });

    await expect(verify(token)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token has expired",
    });
  });

  it("rejects a token without an expiry", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid, expiresIn: null });

    await expect(verify(token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects a token signed by another key under the published key id", async () => {
    const { privateKey: otherKey } = await generateKeyPair("ES256");
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: otherKey, kid: jwks.kid });

    await expect(verify(token)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token signature is invalid",
    });
  });

  it("rejects a token whose key id the JWKS does not publish", async () => {
    const { privateKey: otherKey } = await generateKeyPair("ES256");
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: otherKey, kid: "rotated-away" });

    await expect(verify(token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects garbage", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });

    await expect(verify("not-a-jwt")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token is malformed",
    });
  });

  it("accepts an HS256 token when the legacy secret is configured", async () => {
    const verify = createUserJwtVerifier({
      jwksUrl: jwks.url,
      issuer: TEST_ISSUER,
      legacyJwtSecret: LEGACY_SECRET,
    });
    const claims = await verify(await signToken({ key: legacyKey, alg: "HS256" }));

    expect(claims.role).toBe("authenticated");
  });

  it("refuses HS256 tokens when no legacy secret is configured", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: legacyKey, alg: "HS256" });

    await expect(verify(token)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Token algorithm is not accepted",
    });
  });

  it("rejects an HS256 token signed with a different secret", async () => {
    const verify = createUserJwtVerifier({
      jwksUrl: jwks.url,
      issuer: TEST_ISSUER,
      legacyJwtSecret: LEGACY_SECRET,
    });
    const token = await signToken({ key: new TextEncoder().encode("x".repeat(40)), alg: "HS256" });

    await expect(verify(token)).rejects.toMatchObject({ message: "Token signature is invalid" });
  });

  it("rejects a token whose claims lack a role", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { role: undefined },
    });

    await expect(verify(token)).rejects.toMatchObject({ message: "Token claims are malformed" });
  });

  it.each([
    ["another project's issuer", { iss: "https://other.supabase.co/auth/v1" }, "iss"],
    ["no issuer", { iss: undefined }, "iss"],
    ["the API keys' issuer on a user token", { iss: "supabase" }, "iss"],
    ["another audience", { aud: "storage" }, "aud"],
    ["no audience", { aud: undefined }, "aud"],
    ["a role the platform does not issue", { role: "supabase_admin" }, "role"],
    ["a service role key from another issuer", { role: "service_role", iss: TEST_ISSUER }, "iss"],
  ])("rejects a token with %s, naming the claim", async (_case, claims, claim) => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid, claims });

    await expect(verify(token)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: `Token claim "${claim}" is invalid`,
    });
  });

  it("accepts a user token listing several audiences, one of them authenticated", async () => {
    const verify = createUserJwtVerifier({ jwksUrl: jwks.url, issuer: TEST_ISSUER });
    const token = await signToken({
      key: jwks.privateKey,
      kid: jwks.kid,
      claims: { aud: ["authenticated", "storage"] },
    });

    expect((await verify(token)).role).toBe("authenticated");
  });

  it("accepts the anon and service_role API keys as the platform issues them (iss supabase, no aud)", async () => {
    const verify = createUserJwtVerifier({
      jwksUrl: jwks.url,
      issuer: TEST_ISSUER,
      legacyJwtSecret: LEGACY_SECRET,
    });
    for (const role of ["anon", "service_role"]) {
      const token = await signToken({
        key: legacyKey,
        alg: "HS256",
        claims: { role, iss: "supabase", aud: undefined, sub: undefined, ref: "abcdefghijklmnop" },
      });
      expect((await verify(token)).role).toBe(role);
    }
  });

  it("answers 503, not 401, when the signing keys cannot be fetched", async () => {
    const verify = createUserJwtVerifier({
      jwksUrl: "http://127.0.0.1:9/jwks.json",
      issuer: TEST_ISSUER,
    });
    const token = await signToken({ key: jwks.privateKey, kid: jwks.kid });

    await expect(verify(token)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });
});
