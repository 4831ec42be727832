import {
  CONFIG_CACHE_DOMAINS,
  type ConfigCacheDomain,
} from "../_shared/cache-utils/config-cache-domains.ts";
import { invalidateCaches } from "../_shared/cache-utils/create-cache.ts";
import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { invalidateCachesRoute } from "./invalidate-caches-route.ts";
import { registerSchemaAuditRoutes } from "./schema-audit-routes.ts";

/** Builds the system-metrics app from its deps. */
export function createSystemMetricsApp(deps: SystemMetricsDeps) {
  const app = createFunctionApp({ name: "system-metrics", logger: deps.logger });
  app.openapi(invalidateCachesRoute(deps), async (c) => {
    const requested = c.req.valid("json").domains as ConfigCacheDomain[] | undefined;
    const domains = requested ?? Object.values(CONFIG_CACHE_DOMAINS);
    await invalidateCaches(deps.redis, domains);
    return c.json({ invalidated: domains }, 200);
  });
  registerSchemaAuditRoutes(app, deps);
  return app;
}
