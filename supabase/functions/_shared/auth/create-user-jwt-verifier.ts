import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { ServiceUnavailableError, UnauthorizedError } from "../errors/app-error.ts";

/** Options of `createUserJwtVerifier`. */
export interface UserJwtVerifierOptions {
  /** The project's JWKS endpoint (asymmetric signing keys). */
  jwksUrl: string;
  /** Legacy HS256 secret; HS256 tokens are refused unless it is set. */
  legacyJwtSecret?: string;
}

const supabaseClaimsSchema = z.looseObject({
  role: z.string(),
  sub: z.string().optional(),
  email: z.string().optional(),
  aal: z.string().optional(),
  session_id: z.string().optional(),
  is_anonymous: z.boolean().optional(),
});

/** Claims of a verified Supabase JWT; `sub` is absent on anon and service-role keys. */
export type SupabaseJwtClaims = z.output<typeof supabaseClaimsSchema>;

/** Verifies a Supabase JWT and returns its claims, or throws `UnauthorizedError`. */
export type UserJwtVerifier = (token: string) => Promise<SupabaseJwtClaims>;

const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256"];

/**
 * Creates a verifier for Supabase user JWTs: asymmetric tokens against the JWKS (fetched once,
 * then cached by jose), HS256 only when the legacy secret is configured. Expiry is required.
 */
export function createUserJwtVerifier(
  { jwksUrl, legacyJwtSecret }: UserJwtVerifierOptions,
): UserJwtVerifier {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const legacyKey = legacyJwtSecret === undefined
    ? undefined
    : new TextEncoder().encode(legacyJwtSecret);
  const algorithms = legacyKey ? [...ASYMMETRIC_ALGORITHMS, "HS256"] : ASYMMETRIC_ALGORITHMS;

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === "HS256" && legacyKey) return legacyKey;
    try {
      return await jwks(header, token);
    } catch (err) {
      // No matching key is the token's fault (401); an unreachable or broken JWKS is ours (503).
      if (
        err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys
      ) {
        throw err;
      }
      throw new ServiceUnavailableError("Signing keys are unavailable", { cause: err });
    }
  };

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, { algorithms, requiredClaims: ["exp"] });
      const claims = supabaseClaimsSchema.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError("Token claims are malformed");
      return claims.data;
    } catch (err) {
      throw err instanceof errors.JOSEError
        ? new UnauthorizedError(reasonFor(err), { cause: err })
        : err;
    }
  };
}

function reasonFor(err: errors.JOSEError): string {
  if (err instanceof errors.JWTExpired) return "Token has expired";
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `Token claim "${err.claim}" is invalid`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return "Token algorithm is not accepted";
  if (
    err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey
  ) {
    return "Token signature is invalid";
  }
  return "Token is malformed";
}
