import * as jose from "jose";
import type { StackKeys } from "./stack-keys.ts";

/** Verifies a token signed by the stack (ES256 key or legacy HS256 secret); null when invalid. */
export function createStackJwtVerifier(keys: StackKeys) {
  const jwks = jose.createLocalJWKSet(keys.publicJwks);
  const legacySecret = new TextEncoder().encode(keys.legacyJwtSecret);
  return async (token: string): Promise<jose.JWTPayload | null> => {
    try {
      const { alg } = jose.decodeProtectedHeader(token);
      const { payload } = alg === "HS256"
        ? await jose.jwtVerify(token, legacySecret, { algorithms: ["HS256"] })
        : await jose.jwtVerify(token, jwks, { algorithms: ["ES256"] });
      return payload;
    } catch {
      return null;
    }
  };
}
