import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as jose from "jose";

/** The stack's signing material: an ES256 key published as JWKS, plus the legacy HS256 secret. */
export interface StackKeys {
  privateKey: CryptoKey;
  publicJwks: { keys: jose.JWK[] };
  kid: string;
  legacyJwtSecret: string;
}

/** The Supabase CLI's well-known local legacy secret; never used outside local stacks. */
export const LOCAL_LEGACY_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** Loads the stack's signing key from `file`, creating it on first use so tokens survive restarts. */
export async function loadOrCreateStackKeys(file: string): Promise<StackKeys> {
  let privateJwk: jose.JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(await readFile(file, "utf8"));
  } else {
    const { privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
    privateJwk = await jose.exportJWK(privateKey);
    privateJwk.kid = crypto.randomUUID();
    privateJwk.alg = "ES256";
    privateJwk.use = "sig";
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _secret, ...publicJwk } = privateJwk;
  return {
    privateKey: (await jose.importJWK(privateJwk, "ES256")) as CryptoKey,
    publicJwks: { keys: [publicJwk] },
    kid: privateJwk.kid!,
    legacyJwtSecret: LOCAL_LEGACY_JWT_SECRET,
  };
}
