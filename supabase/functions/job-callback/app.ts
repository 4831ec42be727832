import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import type { JobCallbackDeps } from "./deps.ts";
import { registerSweepRoutes } from "./sweep-routes.ts";
import { registerWorkerRoutes } from "./worker-routes.ts";

/**
 * Builds the job-callback app: GPU workers' signed reports and helper requests, and the
 * recovery sweep the scheduler calls with the service role.
 */
export function createJobCallbackApp(deps: JobCallbackDeps) {
  const app = createFunctionApp({ name: "job-callback", logger: deps.logger });
  // Worker requests are small JSON documents; anything larger is refused before it is read.
  app.use(limitBodySize(256 * 1024));
  registerWorkerRoutes(app, deps);
  registerSweepRoutes(app, deps);
  return app;
}
