import type { SupabaseJwtClaims, UserJwtVerifier } from "./create-user-jwt-verifier.ts";

/** Options of `rememberVerifiedTokens`. */
export interface RememberedTokenOptions {
  /** Tokens kept at most; the oldest is forgotten first. */
  maxTokens?: number;
  /** How long a verification is trusted, never past the token's own expiry. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Wraps a verifier so a token verified in the last minute is not verified again: the signature
 * check (ECDSA) is the costliest step of a warm submission, and a user's submissions and status
 * polls carry the same token. Refused tokens are not remembered.
 */
export function rememberVerifiedTokens(
  verify: UserJwtVerifier,
  { maxTokens = 1000, maxAgeMs = 60_000, now = Date.now }: RememberedTokenOptions = {},
): UserJwtVerifier {
  const verified = new Map<string, { claims: SupabaseJwtClaims; until: number }>();
  return async (token) => {
    const remembered = verified.get(token);
    if (remembered && remembered.until > now()) return remembered.claims;
    verified.delete(token);

    const claims = await verify(token);
    // Trusted for a minute at most: a withdrawn signing key or a changed secret soon stops being
    // honoured, and an expired token never is.
    const until = Math.min(Number(claims.exp) * 1000, now() + maxAgeMs);
    if (verified.size >= maxTokens) verified.delete(verified.keys().next().value as string);
    verified.set(token, { claims, until });
    return claims;
  };
}
