import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { registerBatchRoutes } from "./batch-routes.ts";
import type { QueueJobDeps } from "./deps.ts";
import { registerJobRoutes } from "./job-routes.ts";

/** Builds the queue-job app: submit, read and cancel jobs and batches. Routes parse, call one service, answer. */
export function createQueueJobApp(deps: QueueJobDeps) {
  const app = createFunctionApp({
    name: "queue-job",
    logger: deps.logger,
    telemetry: deps.telemetry,
    // A job request is a few kilobytes of settings and prompts; a batch, a hundred of them.
    maxBodyBytes: 64 * 1024,
    routeBodyLimits: { "/batches": 1024 * 1024 },
  });
  registerJobRoutes(app, deps);
  registerBatchRoutes(app, deps);
  return app;
}
