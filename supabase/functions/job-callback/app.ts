import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { JobCallbackDeps } from "./deps.ts";
import { registerSweepRoutes } from "./sweep-routes.ts";
import { registerWorkerRoutes } from "./worker-routes.ts";

/**
 * Builds the job-callback app: GPU workers' signed reports and helper requests, and the
 * recovery sweep the scheduler calls with the service role.
 */
export function createJobCallbackApp(deps: JobCallbackDeps) {
  // Worker requests are small JSON documents; anything larger is refused before it is read.
  const app = createFunctionApp({
    name: "job-callback",
    logger: deps.logger,
    telemetry: deps.telemetry,
    maxBodyBytes: 256 * 1024,
  });
  registerWorkerRoutes(app, deps);
  registerSweepRoutes(app, deps);
  return app;
}
