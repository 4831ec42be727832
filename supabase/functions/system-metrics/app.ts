import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { registerCacheRoutes } from "./cache-routes.ts";
import type { SystemMetricsDeps } from "./deps.ts";
import { registerJobRoutes } from "./job-routes.ts";
import { registerMetricsRoutes } from "./metrics-routes.ts";
import { registerSchemaAuditRoutes } from "./schema-audit-routes.ts";
import { registerSchemaRoutes } from "./schema-routes.ts";
import { registerTelemetryRoutes } from "./telemetry-routes.ts";
import { registerWorkerRoutes } from "./worker-routes.ts";

/**
 * Builds the system-metrics app: what admins read and do (metrics, failed-job redrive, schema
 * info and audit, cache invalidation, the worker registry), workers' signed registration and
 * heartbeats, and the scheduled worker health check and telemetry prune.
 */
export function createSystemMetricsApp(deps: SystemMetricsDeps) {
  const app = createFunctionApp({
    name: "system-metrics",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  registerMetricsRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerWorkerRoutes(app, deps);
  registerSchemaRoutes(app, deps);
  registerSchemaAuditRoutes(app, deps);
  registerCacheRoutes(app, deps);
  registerTelemetryRoutes(app, deps);
  return app;
}
