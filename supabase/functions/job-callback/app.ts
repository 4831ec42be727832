import { requireServiceRole } from "../_shared/auth/require-service-role.ts";
import { createFunctionApp } from "../_shared/http/create-function-app.ts";
import { pushQueuePayload } from "../_shared/jobs/push-queue-payload.ts";
import { requireSignedDelivery } from "../_shared/jobs/require-signed-delivery.ts";
import { applyWorkerReport } from "./apply-worker-report.ts";
import { createUploadUrls } from "./create-upload-urls.ts";
import type { JobCallbackDeps } from "./deps.ts";
import {
  callbackRoute,
  referenceUrlsRoute,
  sweepRoute,
  uploadsRoute,
  workerBodyLimit,
} from "./routes.ts";
import { signReferenceUrls } from "./sign-reference-urls.ts";
import { sweepJobs } from "./sweep-jobs.ts";

/**
 * Builds the job-callback app: GPU workers' signed reports and helper requests, and the
 * recovery sweep the scheduler calls with the service role.
 */
export function createJobCallbackApp(deps: JobCallbackDeps) {
  const app = createFunctionApp({
    name: "job-callback",
    logger: deps.logger,
    telemetry: deps.telemetry,
  });
  const signed = requireSignedDelivery(deps.verifyWorker);
  app.use(workerBodyLimit);

  app.openapi(callbackRoute(signed), async (c) => {
    const report = c.req.valid("json");
    c.var.monitor.set("jobId", report.jobId);
    const { result, push } = await applyWorkerReport(deps, report, c.var.delivery);
    if (push) {
      // The job is committed as queued; if this push fails, the sweep pushes it again once the
      // job has waited longer than its queue's limit.
      await pushQueuePayload(deps.redis, push).catch((error: unknown) => {
        c.var.monitor.set("requeuePushFailed", String(error));
      });
    }
    return c.json(result, 200);
  });

  app.openapi(uploadsRoute(signed), async (c) => {
    const { job_id, attempt, files } = c.req.valid("json");
    c.var.monitor.set("jobId", job_id);
    return c.json(
      await createUploadUrls(deps, { jobId: job_id, attempt, files }, c.var.delivery),
      200,
    );
  });

  app.openapi(referenceUrlsRoute(signed), async (c) => {
    const { job_id, attempt } = c.req.valid("json");
    c.var.monitor.set("jobId", job_id);
    return c.json(await signReferenceUrls(deps, { jobId: job_id, attempt }, c.var.delivery), 200);
  });

  app.openapi(sweepRoute(requireServiceRole(deps.verifyJwt)), async (c) => {
    return c.json(await sweepJobs(deps), 200);
  });

  return app;
}
