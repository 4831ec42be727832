import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../_shared/auth/require-admin.ts";
import { requireUser } from "../_shared/auth/require-user.ts";
import {
  CONFIG_CACHE_DOMAINS,
  type ConfigCacheDomain,
} from "../_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../_shared/cache-utils/create-cache.ts";
import type { FunctionApp } from "../_shared/http/create-function-app.ts";
import { jsonBody } from "../_shared/http/json-body.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { bearerSecurity, errorResponse } from "../_shared/http/openapi-responses.ts";

const domains = Object.values(CONFIG_CACHE_DOMAINS);

/** Registers `POST /system-metrics/caches/invalidate`: an admin makes cached configuration stale everywhere. */
export function registerCacheRoutes(app: FunctionApp, deps: SystemMetricsDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/caches/invalidate",
      summary: "Make cached configuration stale in every function isolate (admins)",
      description: "Call after changing system_config, api_models or negative_prompts. Isolates " +
        "pick up the change within their memory TTL (one minute).",
      security: bearerSecurity,
      middleware: [requireUser(deps.verifyUser), requireAdmin(deps.sql)] as const,
      request: {
        body: jsonBody(z.object({
          domains: z.array(z.enum(domains as [string, ...string[]])).min(1).optional()
            .describe("Domains to invalidate; all of them when omitted"),
        })),
      },
      responses: {
        200: {
          description: "The domains whose version was bumped",
          content: {
            "application/json": { schema: z.object({ invalidated: z.array(z.string()) }) },
          },
        },
        400: errorResponse("Invalid body; `error.fields` names it"),
        401: errorResponse("No valid user token"),
        403: errorResponse("The user is not an admin"),
      },
    }),
    async (c) => {
      const requested = c.req.valid("json").domains as ConfigCacheDomain[] | undefined;
      const invalidated = requested ?? Object.values(CONFIG_CACHE_DOMAINS);
      await invalidateCaches(deps.redis, invalidated);
      return c.json({ invalidated }, 200);
    },
  );
}
