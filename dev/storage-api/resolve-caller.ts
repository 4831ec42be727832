import type { JWTPayload } from "jose";
import { storageErrors } from "./storage-error.ts";

export type CallerRole = "anon" | "authenticated" | "service_role";

/** Who a request acts as: the Postgres role and the JWT claims its transaction runs with. */
export interface Caller {
  role: CallerRole;
  claims: JWTPayload;
  /** The JWT subject, recorded as the owner of what the caller uploads. */
  owner?: string;
}

/** Verifies a project JWT; null when it is invalid or expired. */
export type VerifyJwt = (token: string) => Promise<JWTPayload | null>;

const callerRoles: ReadonlySet<string> = new Set<CallerRole>([
  "anon",
  "authenticated",
  "service_role",
]);

/** What signed URLs and public reads act as, like hosted Storage's own superuser. */
export const serviceCaller: Caller = { role: "service_role", claims: { role: "service_role" } };

/** Reads the caller from `Authorization: Bearer <jwt>` (or the `apikey` header) as hosted Storage does. */
export async function resolveCaller(headers: Headers, verifyJwt: VerifyJwt): Promise<Caller> {
  const token = headers.get("authorization")?.match(/^bearer\s+(\S+)$/i)?.[1] ??
    headers.get("apikey");
  if (!token) {
    throw storageErrors.accessDenied("headers must have required property 'authorization'");
  }
  const claims = await verifyJwt(token);
  if (!claims) throw storageErrors.accessDenied("Invalid JWT");
  if (typeof claims.role !== "string" || !callerRoles.has(claims.role)) {
    throw storageErrors.accessDenied(`role "${String(claims.role)}" cannot use storage`);
  }
  return {
    role: claims.role as CallerRole,
    claims,
    owner: typeof claims.sub === "string" ? claims.sub : undefined,
  };
}
