import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { storageErrors } from "./storage-error.ts";

export type SignedUrlScope = "download" | "upload";

/** What a signed URL token carries, as hosted Storage's tokens do. */
export interface SignedUrlClaims {
  /** `<bucket>/<object name>`: the only object the token opens. */
  url: string;
  scope: SignedUrlScope;
  /** Upload tokens: the user who created the URL, recorded as the object's owner. */
  owner?: string;
  /** Upload tokens: whether the upload may replace an existing object. */
  upsert?: boolean;
}

/** Signs and checks the HS256 tokens in signed download and upload URLs. */
export interface UrlSigner {
  sign(claims: SignedUrlClaims, expiresInSeconds: number): Promise<string>;
  /** The token's claims when it is valid, unexpired, of `scope` and for `url`; a StorageError otherwise. */
  verify(
    token: string,
    url: string,
    scope: SignedUrlScope,
  ): Promise<SignedUrlClaims & { exp: number }>;
}

/** Builds the signer for signed URLs from the project's signing secret. */
export function createUrlSigner(secret: string): UrlSigner {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (claims, expiresInSeconds) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(key),

    async verify(token, url, scope) {
      let claims: Partial<SignedUrlClaims> & JWTPayload;
      try {
        claims = (await jwtVerify<Partial<SignedUrlClaims>>(token, key, {
          algorithms: ["HS256"],
          requiredClaims: ["exp"],
        })).payload;
      } catch (error) {
        throw storageErrors.invalidJwt(tokenFailure(error));
      }
      if (claims.scope !== scope) {
        throw storageErrors.invalidSignature(`Token is not scoped for ${scope}`);
      }
      if (claims.url !== url) throw storageErrors.invalidSignature();
      return claims as SignedUrlClaims & { exp: number };
    },
  };
}

// The messages hosted Storage passes on from its JWT library.
function tokenFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "jwt expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "invalid signature";
  return "jwt malformed";
}
