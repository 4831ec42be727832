import { createMiddleware } from "hono/factory";
import { ForbiddenError } from "../errors/app-error.ts";
import type { FunctionEnv } from "../http/function-env.ts";
import { readBearerToken } from "./read-bearer-token.ts";
import type { UserJwtVerifier } from "./create-user-jwt-verifier.ts";

/**
 * Lets only the project's backend through: `Authorization: Bearer <jwt>` verified like a user
 * token (JWKS, or the legacy secret when configured) whose role is `service_role`, as the
 * service-role key and scheduled jobs (pg_cron + pg_net) send it. A valid token of any other
 * role gets 403.
 */
export function requireServiceRole(verify: UserJwtVerifier) {
  return createMiddleware<FunctionEnv>(async (c, next) => {
    const claims = await verify(readBearerToken(c));
    if (claims.role !== "service_role") {
      throw new ForbiddenError("Only the service role may call this route");
    }
    await next();
  });
}
