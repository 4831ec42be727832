import { requireUser } from "../_shared/auth/require-user.ts";
import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { limitBodySize } from "../_shared/http/limit-body-size.ts";
import { cancelJob } from "./cancel-job.ts";
import type { QueueJobDeps } from "./deps.ts";
import { queueJobRoutes } from "./queue-job-routes.ts";
import { readJobStatus } from "./read-job-status.ts";
import { submitJob } from "./submit-job.ts";

/** Builds the queue-job app: submit, read and cancel jobs. Routes parse, call one service, answer. */
export function createQueueJobApp(deps: QueueJobDeps) {
  const app = createFunctionApp({
    name: "queue-job",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  // A job request is a few kilobytes of settings and prompts; nothing legitimate comes near this.
  app.use(limitBodySize(64 * 1024));
  const routes = queueJobRoutes(requireUser(deps.verifyUser));

  app.openapi(routes.submit, async (c) => {
    const { replayed, job } = await submitJob(deps, {
      userId: c.var.user.id,
      body: c.req.valid("json"),
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
    });
    return replayed ? c.json(job, 200) : c.json(job, 202);
  });

  app.openapi(routes.status, async (c) => {
    return c.json(await readJobStatus(deps.sql, c.var.user, c.req.valid("param").id), 200);
  });

  app.openapi(routes.cancel, async (c) => {
    return c.json(
      await cancelJob(deps, { userId: c.var.user.id, jobId: c.req.valid("param").id }),
      200,
    );
  });

  return app;
}
