import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import type { QueueJobDeps } from "./deps.ts";
import { registerJobRoutes } from "./job-routes.ts";

/** Builds the queue-job app: submit, read and cancel jobs. Routes parse, call one service, answer. */
export function createQueueJobApp(deps: QueueJobDeps) {
  // A job request is a few kilobytes of settings and prompts; nothing legitimate comes near this.
  const app = createFunctionApp({
    name: "queue-job",
    logger: deps.logger,
    maxBodyBytes: 64 * 1024,
  });
  registerJobRoutes(app, deps);
  return app;
}
