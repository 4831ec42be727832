import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { ServiceUnavailableError, UnauthorizedError } from "../errors/app-error.ts";

/** Options of `createUserJwtVerifier`. */
export interface UserJwtVerifierOptions {
  /** The project's JWKS endpoint (asymmetric signing keys). */
  jwksUrl: string;
  /** The `iss` Supabase Auth puts in user tokens: `<SUPABASE_URL>/auth/v1`. */
  issuer: string;
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

// The project's API keys (anon, service_role) carry the platform's fixed issuer and no audience.
const API_KEY_ISSUER = "supabase";
const API_KEY_ROLES = new Set(["anon", "service_role"]);
const USER_AUDIENCE = "authenticated";

/**
 * Creates a verifier for Supabase JWTs: asymmetric tokens against the JWKS (fetched once, then
 * cached by jose), HS256 only when the legacy secret is configured. Expiry is required, and the
 * issuer and audience must be what the platform issues: user tokens (role `authenticated`) come
 * from the project's Auth (`iss` = `issuer`, `aud` = `authenticated`); the anon and service_role
 * API keys carry `iss` = `supabase`. A token of any other role or issuer is refused.
 */
export function createUserJwtVerifier(
  { jwksUrl, issuer, legacyJwtSecret }: UserJwtVerifierOptions,
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
      if (!claims.success) {
        throw new UnauthorizedError("Token claims are malformed", { reason: "claims_malformed" });
      }
      const role = claims.data.role;
      if (role === "authenticated") {
        if (payload.iss !== issuer) throw invalidClaim("iss");
        if (![payload.aud].flat().includes(USER_AUDIENCE)) throw invalidClaim("aud");
      } else if (API_KEY_ROLES.has(role)) {
        if (payload.iss !== API_KEY_ISSUER) throw invalidClaim("iss");
      } else {
        throw invalidClaim("role");
      }
      return claims.data;
    } catch (err) {
      throw err instanceof errors.JOSEError
        ? new UnauthorizedError(reasonFor(err), { reason: err.code })
        : err;
    }
  };
}

function invalidClaim(claim: string): UnauthorizedError {
  return new UnauthorizedError(`Token claim "${claim}" is invalid`, {
    reason: `claim_${claim}_invalid`,
  });
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
