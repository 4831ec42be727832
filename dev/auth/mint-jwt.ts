import * as jose from "jose";
import type { StackKeys } from "./stack-keys.ts";

export interface JwtClaims extends jose.JWTPayload {
  role: "anon" | "authenticated" | "service_role";
  email?: string;
}

// The anon and service_role API keys of a Supabase project carry this issuer and no audience.
const API_KEY_ISSUER = "supabase";

/**
 * Signs a token the way Supabase does for this project: ES256 with the published key, or HS256
 * with the legacy secret when `legacy` is set. User tokens get Auth's `iss` and
 * `aud: "authenticated"`; the anon and service_role keys `iss: "supabase"`.
 */
export async function mintJwt(
  keys: StackKeys,
  claims: JwtClaims,
  options: { expiresIn?: string | number; legacy?: boolean } = {},
): Promise<string> {
  const isUser = claims.role === "authenticated";
  const jwt = new jose.SignJWT(isUser ? { aud: "authenticated", ...claims } : claims)
    .setIssuedAt()
    .setIssuer(isUser ? keys.authIssuer : API_KEY_ISSUER)
    .setExpirationTime(options.expiresIn ?? "1h");
  if (options.legacy) {
    return jwt.setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(keys.legacyJwtSecret));
  }
  return jwt.setProtectedHeader({ alg: "ES256", typ: "JWT", kid: keys.kid }).sign(keys.privateKey);
}

/** The long-lived anon and service_role API keys handed to clients and functions. */
export async function mintApiKeys(
  keys: StackKeys,
): Promise<{ anonKey: string; serviceRoleKey: string }> {
  const tenYears = "3650d";
  return {
    anonKey: await mintJwt(keys, { role: "anon" }, { expiresIn: tenYears }),
    serviceRoleKey: await mintJwt(keys, { role: "service_role" }, { expiresIn: tenYears }),
  };
}
