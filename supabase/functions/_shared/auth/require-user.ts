import { createMiddleware } from "hono/factory";
import { UnauthorizedError } from "../errors/app-error.ts";
import type { FunctionEnv } from "../http/function-env.ts";
import { readBearerToken } from "./read-bearer-token.ts";
import type { SupabaseJwtClaims, UserJwtVerifier } from "./create-user-jwt-verifier.ts";

// Supabase Auth user ids are UUIDs; anything else could not name a row of auth.users.
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user a request acts for. */
export interface AuthUser {
  id: string;
  role: "authenticated";
  email?: string;
  claims: SupabaseJwtClaims;
}

/** The env of routes behind `requireUser`: `c.var.user` is always set. */
export type UserEnv = FunctionEnv & { Variables: { user: AuthUser } };

/**
 * Lets only signed-in users through: verifies `Authorization: Bearer <jwt>` and sets
 * `c.var.user`. Anon and service-role keys are valid JWTs but not users, so they get 401 too.
 */
export function requireUser(verify: UserJwtVerifier) {
  return createMiddleware<UserEnv>(async (c, next) => {
    const claims = await verify(readBearerToken(c));
    if (claims.role !== "authenticated" || !USER_ID.test(claims.sub ?? "")) {
      throw new UnauthorizedError("Token does not belong to a signed-in user", {
        reason: "not_a_user",
      });
    }
    c.set("user", { id: claims.sub!, role: "authenticated", email: claims.email, claims });
    c.var.monitor.set("userId", claims.sub);
    await next();
  });
}
