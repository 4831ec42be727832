import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { registerCacheRoutes } from "./cache-routes.ts";
import type { SystemMetricsDeps } from "./deps.ts";

/** Builds the system-metrics app from its deps. */
export function createSystemMetricsApp(deps: SystemMetricsDeps) {
  const app = createFunctionApp({ name: "system-metrics", logger: deps.logger });
  registerCacheRoutes(app, deps);
  return app;
}
