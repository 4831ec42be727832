import { createUserJwtVerifier, type UserJwtVerifier } from "../auth/create-user-jwt-verifier.ts";
import { rememberVerifiedTokens } from "../auth/remember-verified-tokens.ts";
import type { PlatformConfig } from "../config/load-function-config.ts";

/**
 * The verifier of user tokens and the service role key, from validated config (the project's
 * JWKS, issuer and legacy secret), remembering what it verified for a minute.
 * @example verifyUser: loadUserVerifier(config)
 */
export function loadUserVerifier(config: PlatformConfig): UserJwtVerifier {
  return rememberVerifiedTokens(createUserJwtVerifier({
    jwksUrl: config.SUPABASE_JWKS_URL,
    issuer: config.SUPABASE_AUTH_ISSUER,
    legacyJwtSecret: config.SUPABASE_JWT_SECRET,
  }));
}
