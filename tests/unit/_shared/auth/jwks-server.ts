import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

/** A local JWKS endpoint serving one ES256 public key, the way Supabase Auth publishes it. */
export async function startJwksServer() {
  const kid = "test-key-1";
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`,
    kid,
    privateKey,
    fetchCount: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface TokenOptions {
  key: CryptoKey | Uint8Array;
  alg?: "ES256" | "HS256";
  kid?: string;
  claims?: JWTPayload & Record<string, unknown>;
  /** Seconds from now; negative for an expired token, null for none. */
  expiresIn?: number | null;
}

/** The `iss` of the test project's user tokens, as Supabase Auth sets it: `<SUPABASE_URL>/auth/v1`. */
export const TEST_ISSUER = "http://127.0.0.1:54321/auth/v1";

/** Signs a token shaped like a Supabase user access token; overrides adjust what a test needs. */
export async function signToken(
  { key, alg = "ES256", kid, claims, expiresIn = 3600 }: TokenOptions,
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    iss: TEST_ISSUER,
    aud: "authenticated",
    sub: "8d0f5f5e-5a59-4f53-9c1c-3d6e7f9a1b2c",
    role: "authenticated",
    email: "ada@example.com",
    aal: "aal1",
    ...claims,
  })
    .setProtectedHeader({ alg, typ: "JWT", ...(kid && { kid }) })
    .setIssuedAt(now);
  if (expiresIn !== null) jwt.setExpirationTime(now + expiresIn);
  return await jwt.sign(key);
}
