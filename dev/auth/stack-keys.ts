import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as jose from "jose";
import { loadOrCreateSecret, randomToken } from "../stack/load-or-create-secret.ts";

/**
 * The stack's signing material: an ES256 key published as JWKS, plus the legacy HS256 secret,
 * and the issuer its Auth puts in user tokens.
 */
export interface StackKeys {
  privateKey: CryptoKey;
  publicJwks: { keys: jose.JWK[] };
  kid: string;
  legacyJwtSecret: string;
  /** `<api url>/auth/v1`, as Supabase Auth sets `iss`. */
  authIssuer: string;
}

/**
 * Loads the stack's signing key from `file` and its legacy HS256 secret from beside it, creating
 * both on first use so tokens survive restarts. The secret is random per stack, never the Supabase
 * CLI's published one: whoever knows it can mint service-role tokens and Storage URL tokens.
 */
export async function loadOrCreateStackKeys(file: string, apiUrl: string): Promise<StackKeys> {
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
    legacyJwtSecret: await loadOrCreateSecret(
      join(dirname(file), "legacy-jwt-secret"),
      randomToken,
    ),
    authIssuer: `${apiUrl}/auth/v1`,
  };
}
