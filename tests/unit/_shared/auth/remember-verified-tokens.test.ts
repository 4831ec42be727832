import { describe, expect, it } from "vitest";
import { createUserJwtVerifier } from "../../../../supabase/functions/_shared/auth/create-user-jwt-verifier.ts";
import { rememberVerifiedTokens } from "../../../../supabase/functions/_shared/auth/remember-verified-tokens.ts";
import { signToken, TEST_ISSUER } from "./jwks-server.ts";

const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** The real verifier (legacy HS256 secret), counting the tokens it is asked to verify. */
function countingVerifier() {
  const verify = createUserJwtVerifier({
    jwksUrl: "http://127.0.0.1:9/auth/v1/.well-known/jwks.json",
    issuer: TEST_ISSUER,
    legacyJwtSecret: SECRET,
  });
  const counted = { verifications: 0 };
  return {
    counted,
    verify: (token: string) => {
      counted.verifications++;
      return verify(token);
    },
  };
}

const token = (claims: Record<string, unknown> = {}, expiresIn = 3600) =>
  signToken({ key: new TextEncoder().encode(SECRET), alg: "HS256", claims, expiresIn });

describe("rememberVerifiedTokens", () => {
  it("verifies a token once and answers its repeats with the same claims", async () => {
    const { counted, verify } = countingVerifier();
    const remembering = rememberVerifiedTokens(verify);
    const jwt = await token();

    const answers = [await remembering(jwt), await remembering(jwt), await remembering(jwt)];

    expect(counted.verifications).toBe(1);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ role: "authenticated", sub: expect.any(String) });
  });

  it("verifies the token again once a minute has passed", async () => {
    const { counted, verify } = countingVerifier();
    let now = Date.now();
    const remembering = rememberVerifiedTokens(verify, { now: () => now });
    const jwt = await token();

    await remembering(jwt);
    now += 61_000;
    await remembering(jwt);

    expect(counted.verifications).toBe(2);
  });

  it("never answers for a token past its expiry", async () => {
    const { counted, verify } = countingVerifier();
    let now = Date.now();
    const remembering = rememberVerifiedTokens(verify, { now: () => now });
    const jwt = await token({}, 30);

    await remembering(jwt);
    now += 31_000;
    await remembering(jwt);

    expect(counted.verifications).toBe(2);
  });

  it("does not remember a refused token", async () => {
    const { counted, verify } = countingVerifier();
    const remembering = rememberVerifiedTokens(verify);
    const forged = `${(await token()).slice(0, -4)}AAAA`;

    await expect(remembering(forged)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(remembering(forged)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(counted.verifications).toBe(2);
  });

  it("forgets the oldest token when full", async () => {
    const { counted, verify } = countingVerifier();
    const remembering = rememberVerifiedTokens(verify, { maxTokens: 2 });
    const [first, second, third] = await Promise.all(
      ["a", "b", "c"].map((email) => token({ email: `${email}@example.com` })),
    );

    for (const jwt of [first, second, third, second, first]) await remembering(jwt);

    expect(counted.verifications).toBe(4);
  });
});
