import { createMiddleware } from "hono/factory";
import { ForbiddenError, UnauthorizedError } from "../errors/app-error.ts";
import type { FunctionEnv } from "../http/function-env.ts";
import type { UserJwtVerifier } from "./create-user-jwt-verifier.ts";

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Lets only the project's backend through: `Authorization: Bearer <jwt>` verified like a user
 * token (JWKS, or the legacy secret when configured) whose role is `service_role`, as the
 * service-role key and scheduled jobs (pg_cron + pg_net) send it. A valid token of any other
 * role gets 403.
 */
export function requireServiceRole(verify: UserJwtVerifier) {
  return createMiddleware<FunctionEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) {
      throw new UnauthorizedError("Authorization header with a Bearer token is required");
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new UnauthorizedError("Authorization header must be 'Bearer <token>'");

    const claims = await verify(token);
    if (claims.role !== "service_role") {
      throw new ForbiddenError("Only the service role may call this route");
    }
    await next();
  });
}
