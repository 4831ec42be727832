import * as jose from "jose";
import type { StackKeys } from "./stack-keys.ts";

export interface JwtClaims extends jose.JWTPayload {
  role: "anon" | "authenticated" | "service_role";
  email?: string;
}

/**
 * Signs a token the way Supabase Auth does for this project: ES256 with the published key,
 * or HS256 with the legacy secret when `legacy` is set.
 */
export async function mintJwt(
  keys: StackKeys,
  claims: JwtClaims,
  options: { expiresIn?: string | number; legacy?: boolean } = {},
): Promise<string> {
  const jwt = new jose.SignJWT(claims.role === "authenticated" ? { aud: "authenticated", ...claims } : claims)
    .setIssuedAt()
    .setIssuer("supabase-local")
    .setExpirationTime(options.expiresIn ?? "1h");
  if (options.legacy) {
    return jwt.setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(keys.legacyJwtSecret));
  }
  return jwt.setProtectedHeader({ alg: "ES256", typ: "JWT", kid: keys.kid }).sign(keys.privateKey);
}

/** The long-lived anon and service_role API keys handed to clients and functions. */
export async function mintApiKeys(keys: StackKeys): Promise<{ anonKey: string; serviceRoleKey: string }> {
  const tenYears = "3650d";
  return {
    anonKey: await mintJwt(keys, { role: "anon" }, { expiresIn: tenYears }),
    serviceRoleKey: await mintJwt(keys, { role: "service_role" }, { expiresIn: tenYears }),
  };
}
